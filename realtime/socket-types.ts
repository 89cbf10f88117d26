import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/protocol';
import type { ServerSideEvents } from './cluster/cluster-events';
import type { ConnectionPages } from './core/connection-pages';

/** Per-connection state. */
export interface SocketData {
  /** The client's address, as per-address limits count it. */
  address: string;
  /** The protocol version the client spoke in the handshake (1 when it named none). */
  protocol: number;
  /** What this connection is to each page: the only writer of that state. */
  pages: ConnectionPages;
}

export type RealtimeIo = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
