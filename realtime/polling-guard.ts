import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Refusal } from '../lib/protocol';
import { originRefusal } from './origin-guard';
import type { OriginMatcher } from './origins';

export const WEBSOCKET_REQUIRED: Refusal = {
  code: 'websocket_required',
  message:
    'WebSocket is blocked on this network (by a proxy, firewall or extension), and this relay runs on several servers, where the slower fallback cannot work. Try another network, or ask its administrator to allow WebSocket.',
};

/**
 * A long-polling handshake answered with a refusal the client reads at once:
 * an Engine.IO open packet, the Socket.IO CONNECT_ERROR packet for the main
 * namespace, and an Engine.IO close packet, all in the handshake's own response
 * body. No session is created, so nothing is left half-open, and no later
 * request (which a non-sticky balancer could send to another node) is needed
 * to deliver it; the close packet stops the client from polling on. (Its
 * CONNECT packet, sent on open, still reaches some node and is answered
 * "Session ID unknown".) Wire formats: Engine.IO protocol v4 payload (packets
 * joined by \x1e) and Socket.IO protocol v5 ("4" message + "4" CONNECT_ERROR +
 * `{ message, data }`).
 */
function refusalPayload(refusal: Refusal, maxPayload: number): string {
  const open = {
    sid: randomBytes(15).toString('base64url'),
    upgrades: [],
    pingInterval: 25_000,
    pingTimeout: 20_000,
    maxPayload,
  };
  return `0${JSON.stringify(open)}\x1e44${JSON.stringify({ message: refusal.message, data: refusal })}\x1e1`;
}

/**
 * Engine.IO middleware for long-polling handshakes, which CORS would otherwise
 * make unreadable when refused: a browser on a refused origin, and, on a
 * cluster whose balancer is not sticky (`STICKY_SESSIONS` unset), every
 * long-polling client (its next request would reach a node that does not know
 * its session: "Session ID unknown", forever). WebSocket handshakes pass on.
 */
export function pollingGuard(options: {
  allowed: OriginMatcher;
  pollingWorks: boolean;
  maxPayload: number;
  log: Logger;
}) {
  return (req: IncomingMessage, res: ServerResponse, next: (err?: Error) => void) => {
    const query = new URL(req.url ?? '/', 'http://relay').searchParams;
    const handshake =
      req.method === 'GET' && query.get('transport') === 'polling' && !query.has('sid') && query.get('EIO') === '4';
    if (!handshake) return next();
    const origin = req.headers.origin;
    const refusal =
      origin !== undefined && !options.allowed(origin)
        ? originRefusal(origin)
        : options.pollingWorks
          ? null
          : WEBSOCKET_REQUIRED;
    if (!refusal) return next();
    options.log.warn({ origin, transport: 'polling', code: refusal.code }, 'handshake refused');
    const headers: Record<string, string> = {
      'content-type': 'text/plain; charset=UTF-8',
      'cache-control': 'no-store',
    };
    // Readable by the refused page itself: it learns why, and nothing else.
    if (origin !== undefined) Object.assign(headers, { 'access-control-allow-origin': origin, vary: 'Origin' });
    res.writeHead(200, headers).end(refusalPayload(refusal, options.maxPayload));
    // next() is never called: the request is answered, Engine.IO does nothing more with it.
  };
}
