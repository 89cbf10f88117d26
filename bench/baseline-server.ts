import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { asUint8Array } from '../lib/hash';
import type { Ack, ClientToServerEvents, HoldersAck, PageHash, PageRef, ServerToClientEvents } from '../lib/protocol';
import { parsePageRef } from '../lib/validation';
import { yardstickMetrics } from './yardstick-metrics';

/**
 * The seed's design, kept faithful so the benchmark can measure it: every
 * `page:want` is broadcast to every holder, every holder answers, every
 * verified answer is broadcast to every waiting visitor, and every join or
 * leave broadcasts the holder count at once. Same protocol and Socket.IO
 * version as the sidecar; none of its coalescing.
 */

type BaselineSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface BaselineServer {
  port: number;
  close(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 3000;

const holdersRoom = (hash: PageHash) => `holders:${hash}`;
const waitingRoom = (hash: PageHash) => `waiting:${hash}`;

/** Validates the `{ hash }` payload, then acks whatever `handle` answers. */
function withRef<T extends object>(handle: (hash: PageHash) => Ack<T>) {
  return (payload: PageRef, ack: (res: Ack<T>) => void) => {
    const ref = parsePageRef(payload);
    ack(ref.ok ? handle(ref.hash) : ref);
  };
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function startBaselineServer(port: number): Promise<BaselineServer> {
  const metrics = yardstickMetrics();
  const http = createServer((req, res) => void metrics.serve(req, res));
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  const holders = new Map<PageHash, Set<BaselineSocket>>();
  /** When each waiting visitor's want arrived, until its first page:content: what /metrics times. */
  const wantedAt = new Map<PageHash, Map<BaselineSocket, number>>();

  const holderCount = (hash: PageHash) => holders.get(hash)?.size ?? 0;
  const broadcastCount = (hash: PageHash) => {
    const count = { hash, holders: holderCount(hash) };
    io.to(holdersRoom(hash)).to(waitingRoom(hash)).emit('page:holders', count);
  };
  const dropHolder = (socket: BaselineSocket, hash: PageHash) => {
    const set = holders.get(hash);
    set?.delete(socket);
    if (set?.size === 0) holders.delete(hash);
  };

  const askEveryHolder = (hash: PageHash) => {
    for (const holder of holders.get(hash) ?? []) {
      holder.timeout(REQUEST_TIMEOUT_MS).emit('page:request', { hash }, (err, answer) => {
        if (err || !answer?.ok) return;
        const bytes = asUint8Array(answer.bytes);
        if (sha256Hex(bytes) !== hash) return;
        io.to(waitingRoom(hash)).emit('page:content', { hash, bytes });
        for (const at of wantedAt.get(hash)?.values() ?? []) metrics.served(at);
        wantedAt.delete(hash);
      });
    }
  };

  io.on('connection', (socket: BaselineSocket) => {
    const pages = new Set<PageHash>();

    const have = (hash: PageHash): Ack<HoldersAck> => {
      pages.add(hash);
      void socket.leave(waitingRoom(hash));
      void socket.join(holdersRoom(hash));
      holders.set(hash, (holders.get(hash) ?? new Set()).add(socket));
      broadcastCount(hash);
      return { ok: true, holders: holderCount(hash) };
    };
    const want = (hash: PageHash): Ack<HoldersAck> => {
      pages.add(hash);
      void socket.join(waitingRoom(hash));
      wantedAt.set(hash, (wantedAt.get(hash) ?? new Map()).set(socket, performance.now()));
      broadcastCount(hash);
      askEveryHolder(hash);
      return { ok: true, holders: holderCount(hash) };
    };
    const leave = (hash: PageHash): Ack => {
      pages.delete(hash);
      void socket.leave(waitingRoom(hash));
      void socket.leave(holdersRoom(hash));
      dropHolder(socket, hash);
      broadcastCount(hash);
      return { ok: true };
    };

    socket.on('page:have', withRef(have));
    socket.on('page:want', withRef(want));
    socket.on('page:leave', withRef(leave));
    // The seed sends every count to everyone anyway: watching changes nothing here.
    socket.on('page:watch', (payload, ack) =>
      withRef((hash) => ({ ok: true, holders: holderCount(hash) }))(payload, ack),
    );
    socket.on('disconnect', () => {
      for (const hash of pages) {
        wantedAt.get(hash)?.delete(socket);
        dropHolder(socket, hash);
        broadcastCount(hash);
      }
    });
  });

  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    close: () => io.close(),
  };
}
