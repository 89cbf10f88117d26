import type { Socket } from 'socket.io';
import type { Refusal } from '../../lib/protocol';
import { refusal } from './handshake';
import type { OriginMatcher } from './origins';

/** What a browser on a refused origin is told: the origin, and the setting that would admit it. */
export function originRefusal(origin: string): Refusal {
  return {
    code: 'origin_refused',
    message: `This relay does not accept pages from ${origin}: its operator must add that origin (or a pattern matching it) to the relay's CORS_ORIGIN setting.`,
  };
}

/**
 * The `cors` option's origin check, with the same matcher as the refusal: an
 * allowed origin gets its CORS headers, any other gets none.
 */
export function corsOrigin(allowed: OriginMatcher) {
  return (origin: string | undefined, callback: (err: Error | null, allow?: boolean) => void) =>
    callback(null, origin !== undefined && allowed(origin));
}

/**
 * Socket.IO middleware: refuses a connection whose Origin is not allowed, with
 * an `origin_refused` {@link Refusal} the browser can read (a WebSocket
 * handshake is not subject to CORS, so the transport is accepted and the
 * refusal travels over it). A handshake without an Origin header comes from no
 * browser (a CLI, a test, a benchmark) and is accepted.
 */
export function originGuard(allowed: OriginMatcher) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const origin = socket.handshake.headers.origin;
    if (origin === undefined || allowed(origin)) return next();
    const { code, message } = originRefusal(origin);
    next(refusal(code, message));
  };
}
