import { forceCloseConnection } from '../engine-internals';

/**
 * A refused transport is closed once its refusal is written; this is the
 * latest it is closed, read or not (a client that never reads holds it open).
 */
export const REFUSED_CLOSE_MS = 500;
/**
 * Refused transports still closing past which a handshake gets a bare HTTP
 * 503 instead of a readable refusal: an honest client has at most one, so
 * only a flood gets here, and it then costs no Engine.IO session at all.
 */
const CLOSING_PER_ADDRESS = 64;
const CLOSING_TOTAL = 1024;

/** What closing needs of an Engine.IO connection. */
export interface ClosableConnection {
  close(): unknown;
  once(event: 'close', listener: () => void): unknown;
}

/** Refused transports while they close: each one's deadline, and how many are closing per address. */
export function createRefusedTransports() {
  let closing = 0;
  const deadlines = new Set<ReturnType<typeof setTimeout>>();
  const closingFrom = new Map<string, number>();

  return {
    /** Too many refused transports of `address`, or of everyone, are still closing. */
    flooding(address: string): boolean {
      return closing >= CLOSING_TOTAL || (closingFrom.get(address) ?? 0) >= CLOSING_PER_ADDRESS;
    },

    /**
     * Closes a refused transport behind its refusal (Engine.IO closes once its
     * write buffer is flushed), and at the latest after {@link REFUSED_CLOSE_MS}.
     * Until then it counts as closing for its address.
     */
    closeBehindRefusal(conn: ClosableConnection, address: string): void {
      closing++;
      closingFrom.set(address, (closingFrom.get(address) ?? 0) + 1);
      // Engine.IO's close only starts the WebSocket's closing handshake, which a client can stall for
      // 30 s: whatever is left of it then is cut.
      const deadline = setTimeout(() => {
        deadlines.delete(deadline);
        forceCloseConnection(conn);
      }, REFUSED_CLOSE_MS);
      deadlines.add(deadline);
      conn.once('close', () => {
        closing--;
        const left = (closingFrom.get(address) ?? 1) - 1;
        if (left > 0) closingFrom.set(address, left);
        else closingFrom.delete(address);
      });
      // Socket.IO writes a middleware's CONNECT_ERROR on the next tick: the close follows it.
      setImmediate(() => conn.close());
    },

    /** Cuts what is left of refused transports (shutdown): no timer outlives the server. */
    close(): void {
      for (const deadline of deadlines) clearTimeout(deadline);
      deadlines.clear();
    },
  };
}

export type RefusedTransports = ReturnType<typeof createRefusedTransports>;
