import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RealtimeIo, RealtimeSocket } from '../socket-types';

/** Undoes one install: detaches the guard and stops what it started. */
export type Uninstall = () => void;
/** Puts one guard in place on the server; what it returns undoes that. */
export type Guard = (io: RealtimeIo) => Uninstall;

type Next = (err?: Error) => void;

/**
 * Installs `guards` in list order and returns what undoes them, last first
 * (once, however often it is called). Engine.IO and Socket.IO run the
 * middlewares and listeners of one entry point in the order they were added,
 * so a list in the order a connection meets its guards is the order they run.
 */
export function installInOrder(io: RealtimeIo, guards: readonly Guard[]): Uninstall {
  const installed = guards.map((install) => install(io));
  return () => {
    while (installed.length > 0) installed.pop()!();
  };
}

/**
 * Neither Engine.IO nor Socket.IO can remove a middleware: it goes with the
 * server, which is closed before its guards are undone.
 */
const goesWithTheServer: Uninstall = () => {};

/** Guard state with timers of its own (a log's summary, a sweep, deadlines): stopped when undone. */
export function stopsOnUndo(part: { close(): void }): Guard {
  return () => () => part.close();
}

/** Engine.IO middleware: every HTTP request and WebSocket upgrade, before Engine.IO reads it. */
export function beforeHandshake(middleware: (req: IncomingMessage, res: ServerResponse, next: Next) => void): Guard {
  return (io) => {
    io.engine.use(middleware);
    return goesWithTheServer;
  };
}

/** Engine.IO's `connection_error`: a handshake Engine.IO refused itself. */
export function onEngineRefusal<E>(listener: (err: E) => void): Guard {
  return (io) => {
    io.engine.on('connection_error', listener);
    return () => io.engine.off('connection_error', listener);
  };
}

/** Engine.IO's `connection`: a transport has opened, before any Socket.IO packet. */
export function onTransportOpen<C>(listener: (conn: C) => void): Guard {
  return (io) => {
    io.engine.on('connection', listener);
    return () => io.engine.off('connection', listener);
  };
}

/** Socket.IO middleware: the client's CONNECT to the namespace. */
export function onConnect(middleware: (socket: RealtimeSocket, next: Next) => void): Guard {
  return (io) => {
    io.use(middleware);
    return goesWithTheServer;
  };
}

/** Socket middleware, made per socket: every event the client sends, before its handler. */
export function onEachEvent(perSocket: (socket: RealtimeSocket) => (packet: unknown[], next: Next) => void): Guard {
  return (io) => {
    const attach = (socket: RealtimeSocket) => void socket.use(perSocket(socket));
    io.on('connection', attach);
    return () => io.off('connection', attach);
  };
}
