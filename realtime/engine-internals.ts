import type { RealtimeSocket } from './socket-types';

/** The parts of engine.io's connection this reads; they are not in its public types. */
interface EngineInternals {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: unknown; terminate?: unknown } };
  close(discard?: boolean): void;
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Bytes queued for this connection that its reader has not taken yet:
 * engine.io's write buffer (packets waiting for the transport) plus, over
 * WebSocket, what the `ws` socket holds unsent.
 */
export function outboundBacklog(socket: RealtimeSocket): number {
  const conn = socket.conn as unknown as EngineInternals;
  const buffered = conn.transport?.socket?.bufferedAmount;
  let bytes = typeof buffered === 'number' ? buffered : 0;
  for (const packet of conn.writeBuffer ?? []) bytes += sizeOf(packet.data);
  return bytes;
}

/**
 * Closes the connection now, dropping what is queued for it. A polite close
 * would wait for a reader that stopped reading to take its backlog first
 * (engine.io waits for its write buffer to drain, `ws` up to 30 s for the
 * closing handshake), holding that memory all the while.
 */
export function forceClose(socket: RealtimeSocket): void {
  forceCloseConnection(socket.conn);
}

/** {@link forceClose} for an Engine.IO connection that has no Socket.IO socket (one refused at the handshake). */
export function forceCloseConnection(engineConnection: object): void {
  const conn = engineConnection as EngineInternals;
  const ws = conn.transport?.socket;
  if (typeof ws?.terminate === 'function') (ws.terminate as () => void).call(ws);
  conn.close(true);
}
