import { SUPPORTED_PROTOCOLS, type Refusal } from '../../lib/protocol';
import type { RealtimeSocket } from '../socket-types';

type Next = (err?: Error) => void;

/**
 * A refused handshake, as the Socket.IO middleware error a client receives in
 * `connect_error`: `err.message` for people, `err.data` the {@link Refusal}.
 */
export function refusal(code: Refusal['code'], message: string): Error & { data: Refusal } {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * Socket.IO middleware: reads the protocol version from the handshake's
 * `auth` (none is v1) and refuses one this sidecar does not speak.
 */
export function protocolGuard(socket: RealtimeSocket, next: Next): void {
  const auth: unknown = socket.handshake.auth;
  const version = typeof auth === 'object' && auth !== null ? (auth as { protocol?: unknown }).protocol : undefined;
  if (version === undefined) {
    socket.data.protocol = 1;
    return next();
  }
  if (typeof version === 'number' && SUPPORTED_PROTOCOLS.includes(version)) {
    socket.data.protocol = version;
    return next();
  }
  const supported = SUPPORTED_PROTOCOLS.join(', ');
  next(
    refusal(
      'unsupported_protocol',
      `this relay speaks protocol versions ${supported}, not ${JSON.stringify(version)}: reload the page or update the client`,
    ),
  );
}
