import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, PageHash, PageRef, ServerToClientEvents } from '../lib/protocol';
import { yardstickMetrics } from './yardstick-metrics';

/**
 * A yardstick for the sidecar's latency: relaying over Socket.IO on this
 * machine with nothing else. Each `page:want` goes to one holder in turn and
 * its answer straight to that visitor: no validation, verification,
 * coalescing, counts or limits, and not a server anyone should run. What the
 * sidecar adds shows as the difference (its coalescing can even make it the
 * faster). Same protocol and Socket.IO version, so the same clients drive both;
 * its `/metrics` times want to content as the sidecar's does.
 */

type BareSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface BareRelayServer {
  port: number;
  close(): Promise<void>;
}

export async function startBareRelayServer(port: number): Promise<BareRelayServer> {
  const metrics = yardstickMetrics();
  const http = createServer((req, res) => void metrics.serve(req, res));
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  const holders = new Map<PageHash, BareSocket[]>();
  let turn = 0;

  const count = (hash: PageHash) => holders.get(hash)?.length ?? 0;
  const drop = (socket: BareSocket, hash: PageHash) => {
    const list = holders.get(hash) ?? [];
    const at = list.indexOf(socket);
    if (at >= 0) list.splice(at, 1);
  };

  io.on('connection', (socket: BareSocket) => {
    const held = new Set<PageHash>();
    socket.on('page:have', ({ hash }: PageRef, ack) => {
      if (!held.has(hash)) holders.set(hash, [...(holders.get(hash) ?? []), socket]);
      held.add(hash);
      ack({ ok: true, holders: count(hash) });
    });
    socket.on('page:want', ({ hash }: PageRef, ack) => {
      const wantedAt = performance.now();
      ack({ ok: true, holders: count(hash) });
      const list = holders.get(hash) ?? [];
      const holder = list[turn++ % Math.max(1, list.length)];
      holder?.emit('page:request', { hash }, (answer) => {
        if (!answer?.ok) return;
        socket.emit('page:content', { hash, bytes: answer.bytes });
        metrics.served(wantedAt);
      });
    });
    socket.on('page:watch', ({ hash }, ack) => ack({ ok: true, holders: count(hash) }));
    socket.on('page:leave', ({ hash }: PageRef, ack) => {
      held.delete(hash);
      drop(socket, hash);
      ack({ ok: true });
    });
    socket.on('disconnect', () => {
      for (const hash of held) drop(socket, hash);
    });
  });

  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    close: () => io.close(),
  };
}
