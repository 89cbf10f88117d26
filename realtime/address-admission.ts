import type { IncomingHttpHeaders } from 'node:http';
import type { AddressLimits } from './config';
import { TokenBucket } from './core/token-bucket';
import { refusal } from './handshake';
import type { RealtimeSocket } from './socket-types';

const EVENT_WINDOW_MS = 10_000;
const EVICTION_WINDOW_MS = 60_000;
/** How often addresses with no connection and full budgets are forgotten. */
const SWEEP_MS = 60_000;

interface AddressEntry {
  connections: number;
  events: TokenBucket;
  evictions: TokenBucket;
}

/** The client's address: the trusted proxy's header when one is named, else the socket's peer address. */
export function clientAddress(
  handshake: { address: string; headers: IncomingHttpHeaders },
  trustProxyHeader: string | undefined,
): string {
  if (!trustProxyHeader) return handshake.address;
  const value = handshake.headers[trustProxyHeader];
  // A proxy that appends (X-Forwarded-For style) puts the address it saw last.
  const raw = (Array.isArray(value) ? value[value.length - 1] : value)?.split(',').pop()?.trim();
  return raw || handshake.address;
}

/**
 * Per client address: a cap on open connections, and budgets of events and
 * evictions shared by all its connections, so one address cannot take the
 * sidecar's memory or CPU however many connections it opens. An address past
 * its eviction budget is refused new connections until the budget refills.
 */
export function createAddressAdmission(limits: AddressLimits) {
  const entries = new Map<string, AddressEntry>();
  const sweep = setInterval(() => {
    for (const [address, entry] of entries) {
      if (entry.connections === 0 && entry.events.full && entry.evictions.full) entries.delete(address);
    }
  }, SWEEP_MS);
  sweep.unref();

  const entryOf = (address: string): AddressEntry => {
    let entry = entries.get(address);
    if (!entry) {
      entry = {
        connections: 0,
        events: new TokenBucket(limits.events, EVENT_WINDOW_MS),
        evictions: new TokenBucket(limits.evictions, EVICTION_WINDOW_MS),
      };
      entries.set(address, entry);
    }
    return entry;
  };

  return {
    /** Socket.IO middleware: admits the connection or refuses it with `too_many_connections`. */
    middleware(socket: RealtimeSocket, next: (err?: Error) => void): void {
      const address = clientAddress(socket.handshake, limits.trustProxyHeader);
      const entry = entryOf(address);
      if (entry.connections >= limits.connections) {
        return next(
          refusal(
            'too_many_connections',
            `too many connections from this address (at most ${limits.connections}); close some tabs and retry`,
          ),
        );
      }
      if (!entry.evictions.available) {
        return next(
          refusal(
            'too_many_connections',
            'too many connections from this address served wrong or no answers; retry in a minute',
          ),
        );
      }
      socket.data.address = address;
      entry.connections++;
      // The engine connection closes however the handshake ends, refused by a later check or not.
      socket.conn.once('close', () => {
        entry.connections--;
      });
      next();
    },
    /** The events budget of the socket's address. */
    eventBudget(socket: RealtimeSocket): TokenBucket {
      return entryOf(socket.data.address).events;
    },
    /**
     * The socket was evicted from a page: spends from its address's eviction
     * budget; false when the budget is spent (the caller disconnects it).
     */
    evicted(socket: RealtimeSocket): boolean {
      return entryOf(socket.data.address).evictions.take();
    },
    /** Addresses currently tracked (for metrics and tests). */
    get size(): number {
      return entries.size;
    },
    close(): void {
      clearInterval(sweep);
    },
  };
}

export type AddressAdmission = ReturnType<typeof createAddressAdmission>;
