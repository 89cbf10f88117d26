/**
 * @jest-environment node
 */
import { randomBytes } from 'node:crypto';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { forceClose, outboundBacklog } from '@/realtime/engine-internals';
import type { RealtimeSocket } from '@/realtime/socket-types';
import { eventually } from '../helpers/processes';

// engine-internals.ts reads what Engine.IO and ws do not publish; package.json pins both to exact
// versions, and this fails when an upgrade moves what it reads.
test("a connection's backlog is read from Engine.IO and ws as it grows and shrinks, and forceClose ends it at once", async () => {
  const io = new Server(0 as never, { serveClient: false, maxHttpBufferSize: 1e8 });
  const port = (io as unknown as { httpServer: { address(): { port: number } } }).httpServer.address().port;
  const connected = new Promise<RealtimeSocket>((resolve) => io.on('connection', (s) => resolve(s as RealtimeSocket)));
  const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
  try {
    const socket = await connected;
    expect(outboundBacklog(socket)).toBe(0);
    // The client stops reading: what the server sends piles up in ws and Engine.IO.
    const { ws } = client.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } };
    ws._socket.pause();
    for (let i = 0; i < 16; i++) socket.emit('page:content', { hash: 'x', bytes: randomBytes(1024 * 1024) });
    await eventually(() => expect(outboundBacklog(socket)).toBeGreaterThan(4 * 1024 * 1024));
    ws._socket.resume();
    await eventually(() => expect(outboundBacklog(socket)).toBe(0));

    ws._socket.pause();
    for (let i = 0; i < 16; i++) socket.emit('page:content', { hash: 'x', bytes: randomBytes(1024 * 1024) });
    await eventually(() => expect(outboundBacklog(socket)).toBeGreaterThan(4 * 1024 * 1024));
    const closed = new Promise((resolve) => socket.conn.once('close', resolve));
    forceClose(socket);
    await closed;
    expect(io.engine.clientsCount).toBe(0);
  } finally {
    client.close();
    await io.close();
  }
});
