import { RateLimiterMemory } from 'rate-limiter-flexible';
import { failure } from '../lib/validation';
import type { RealtimeSocket } from './socket-types';

const KNOWN_EVENTS = new Set(['page:have', 'page:want', 'page:leave', 'page:watch']);

/**
 * Socket middleware: every client event spends a point from its connection's
 * budget. Over budget, or unknown, the event is answered through its ack (if it
 * has one) and dropped; the connection stays up.
 *
 * The budget lets a tab re-announce all its pages at once after a reconnect
 * (one `page:have` and one `page:want` per page).
 */
export function createRateLimit(pagesPerConnection: number, onReject: (error: string) => void) {
  const limiter = new RateLimiterMemory({ points: Math.max(100, 4 * pagesPerConnection), duration: 10 });

  return {
    middleware(socket: RealtimeSocket) {
      return (packet: unknown[], next: (err?: Error) => void) => {
        const [event] = packet;
        const last = packet[packet.length - 1];
        const ack = typeof last === 'function' ? (last as (res: unknown) => void) : undefined;
        limiter.consume(socket.id).then(
          () => {
            if (typeof event === 'string' && KNOWN_EVENTS.has(event)) return next();
            onReject('bad_request');
            ack?.(failure('bad_request', `unknown event ${JSON.stringify(String(event)).slice(0, 60)}`));
          },
          () => {
            onReject('rate_limited');
            ack?.(failure('rate_limited', 'too many requests from this connection; slow down and retry'));
          },
        );
      };
    },
    forget(socket: RealtimeSocket) {
      void limiter.delete(socket.id);
    },
  };
}
