import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, PageHash, ServerToClientEvents } from '../lib/protocol';
import type { ServerSideEvents } from './cluster-events';

/** Per-connection state: the pages this connection holds, wants or was served. */
export interface SocketData {
  pages: Set<PageHash>;
}

export type RealtimeIo = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
