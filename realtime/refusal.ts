import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { Refusal } from '../lib/protocol';

type Guard<S extends Socket> = (socket: S, next: (err?: Error) => void) => void;

/** A handshake middleware whose every refusal is logged with the origin and the code it refused. */
export function logRefusals<S extends Socket>(log: Logger, guard: Guard<S>): Guard<S> {
  return (socket, next) =>
    guard(socket, (err) => {
      if (err) {
        const { origin } = socket.handshake.headers;
        const code = (err as { data?: Refusal }).data?.code;
        log.warn({ origin, transport: socket.conn.transport.name, code }, 'handshake refused');
      }
      next(err);
    });
}
