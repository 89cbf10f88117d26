import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type HandshakeAuth,
  type ServerToClientEvents,
} from '../protocol';

/** A Socket.IO client socket typed by the protocol. */
export type RelaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type RelaySocketOptions = Partial<ManagerOptions & SocketOptions>;

/** What this client puts in the handshake: the protocol version it speaks. */
export const HANDSHAKE_AUTH: HandshakeAuth = { protocol: PROTOCOL_VERSION };

/**
 * A socket to the relay at `url` that announces this client's protocol
 * version and waits for the client to connect it (so no event can arrive
 * before the client listens).
 */
export function openRelaySocket(url: string, options: RelaySocketOptions = {}): RelaySocket {
  return io(url, { ...options, autoConnect: false, auth: { ...HANDSHAKE_AUTH } });
}
