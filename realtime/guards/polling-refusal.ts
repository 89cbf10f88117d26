import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Refusal } from '../../lib/protocol';

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
 * Answers a long-polling handshake with `refusal`, readable by the refused
 * page itself (CORS would otherwise hide why): it learns why, and nothing else.
 */
export function answerPollingRefusal(
  res: ServerResponse,
  origin: string | undefined,
  refusal: Refusal,
  maxPayload: number,
): void {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=UTF-8',
    'cache-control': 'no-store',
  };
  if (origin !== undefined) Object.assign(headers, { 'access-control-allow-origin': origin, vary: 'Origin' });
  res.writeHead(200, headers).end(refusalPayload(refusal, maxPayload));
}
