import type { ClientToServerEvents, ErrorCode } from '../../lib/protocol';
import { EVENT_BUDGET_WINDOW_MS } from '../../lib/limits';
import { failure } from '../../lib/validation';
import { TokenBucket } from '../core/token-bucket';
import { forceClose } from '../engine-internals';
import type { RealtimeSocket } from '../socket-types';

/** Every event a client may send: a key missing here, or one the protocol lacks, fails to compile. */
const KNOWN_EVENTS: Record<keyof ClientToServerEvents, true> = {
  'page:have': true,
  'page:want': true,
  'page:leave': true,
  'page:watch': true,
};

const isKnownEvent = (event: unknown): boolean => typeof event === 'string' && Object.hasOwn(KNOWN_EVENTS, event);

/** Refusals answered through the ack before the connection is answered no more: the protocol protects a first offence. */
export const ACKED_REFUSALS = 3;

/** Events a connection may send per {@link EVENT_BUDGET_WINDOW_MS}: room to re-announce and re-want every page at once. */
export const eventBudget = (pagesPerConnection: number) => Math.max(100, 4 * pagesPerConnection);

export interface RateLimitOptions {
  pagesPerConnection: number;
  /** The budget shared by every connection from the socket's client address. */
  addressBudget: (socket: RealtimeSocket) => TokenBucket;
  onReject: (error: ErrorCode) => void;
}

/**
 * Socket middleware: every client event spends a token from its connection's
 * budget and from its address's, synchronously. Over budget, the first
 * {@link ACKED_REFUSALS} refusals in a row are answered `rate_limited`, later
 * ones dropped unanswered, and a connection refused twice its budget within
 * the budget's window is disconnected. Unknown events are answered `bad_request`.
 *
 * The budget lets a tab re-announce all its pages at once after a reconnect
 * (one `page:have` and one `page:want` per page). Its state lives in this
 * closure, so it goes with the socket: there is nothing to forget on disconnect.
 */
export function createRateLimit(options: RateLimitOptions) {
  const budget = eventBudget(options.pagesPerConnection);
  return (socket: RealtimeSocket) => {
    const own = new TokenBucket(budget, EVENT_BUDGET_WINDOW_MS);
    const shared = options.addressBudget(socket);
    const patience = new TokenBucket(2 * budget, EVENT_BUDGET_WINDOW_MS);
    let refusals = 0;
    return (packet: unknown[], next: (err?: Error) => void) => {
      const [event] = packet;
      const last = packet[packet.length - 1];
      const ack = typeof last === 'function' ? (last as (res: unknown) => void) : undefined;
      if (!own.take() || !shared.take()) {
        refusals++;
        options.onReject('rate_limited');
        if (!patience.take()) forceClose(socket);
        else if (refusals <= ACKED_REFUSALS) {
          ack?.(failure('rate_limited', 'too many requests from this connection or address; slow down and retry'));
        }
        return;
      }
      refusals = 0;
      if (isKnownEvent(event)) return next();
      options.onReject('bad_request');
      ack?.(failure('bad_request', `unknown event ${JSON.stringify(String(event)).slice(0, 60)}`));
    };
  };
}
