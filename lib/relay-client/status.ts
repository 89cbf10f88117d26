import { REFUSAL_CODES, type EvictReason, type Failure, type Refusal } from '../protocol';
import { relayMessage } from './inbound';

/** Where the client's connection to the relay stands. */
export type ConnectionStatus =
  /** Opening the first connection. */
  | { state: 'connecting' }
  | { state: 'connected' }
  /** The connection dropped; Socket.IO is opening a new one. */
  | { state: 'reconnecting' }
  /** The relay turned the handshake down and said why; Socket.IO does not retry a refusal. */
  | { state: 'refused'; refusal: Refusal }
  /** No relay answered at `url`; Socket.IO keeps trying. */
  | { state: 'unreachable'; url: string; message: string }
  /** Not connected and not retrying: `close()` was called, or the relay ended the connection. */
  | { state: 'closed' };

/** Where one page this client was asked to hold stands with the relay. */
export type HoldStatus =
  /** Held here; the relay has not (or not since the last reconnect) acknowledged `page:have`. */
  | { state: 'announcing' }
  /** The relay acknowledged `page:have` on this connection: visitors can be served from here. */
  | { state: 'holding' }
  /** The relay refused `page:have`: the page is no longer held here. */
  | { state: 'refused'; error: Failure['error']; message: string }
  /** The relay dropped this holder: the page is no longer held here. */
  | { state: 'evicted'; reason: EvictReason }
  /** `stop()` let go of it. */
  | { state: 'released' };

/** The relay's {@link Refusal} carried by a `connect_error`, or undefined for any other failure. */
export function refusalOf(err: unknown): Refusal | undefined {
  const data = (err as { data?: unknown } | null)?.data as Partial<Refusal> | undefined;
  if (typeof data !== 'object' || data === null) return undefined;
  const code = REFUSAL_CODES.find((known) => known === data.code);
  const message = relayMessage(data.message);
  return code && message !== null ? { code, message } : undefined;
}

const EVICTIONS: Record<EvictReason, string> = {
  bad_bytes: 'its copy did not match the address',
  too_large: 'its copy was over the size limit',
  timeout: 'it did not answer in time',
};

/** Why the relay dropped this holder, as the end of a sentence ("… because it did not answer in time"). */
export function evictionReason(reason: EvictReason): string {
  return EVICTIONS[reason] ?? 'of an error';
}
