import type { Logger } from 'pino';
import type { Cluster } from '../cluster/cluster';
import { isNodePeer, nodeOf, type PeerId } from '../core/peer';
import type { PageTransport } from '../core/relay-ports';
import { forceClose } from '../engine-internals';
import type { RealtimeIo, RealtimeSocket } from '../socket-types';

export interface TransportGuards {
  /** Spends an eviction from the socket's address budget; false when spent (the socket is then disconnected). */
  evicted(socket: RealtimeSocket): boolean;
}

/**
 * Sockets written per turn of the event loop when a count fans out: between
 * turns Node reads what arrived, so a holder's answer and its delivery to the
 * visitors never queue behind thousands of count frames.
 */
const FAN_OUT_CHUNK = 256;

/**
 * The page state's transport over this node's Socket.IO sockets, and over the
 * cluster for peers that are other nodes. It sends what the page state
 * decided and keeps no page state. Emits go through `io.local`: every socket
 * the page state names lives on this node.
 */
export function createSocketTransport(
  io: RealtimeIo,
  cluster: Cluster | undefined,
  log: Logger,
  guards: TransportGuards,
): PageTransport {
  // Never synchronously: the page state is in the middle of a change when it calls the transport.
  const drop = (socket: RealtimeSocket) => queueMicrotask(() => forceClose(socket));
  return {
    request(holder, hash, answer) {
      if (isNodePeer(holder) && cluster) {
        cluster.fetch(nodeOf(holder), hash, answer);
        return;
      }
      const socket = io.sockets.sockets.get(holder);
      if (!socket) {
        queueMicrotask(() => answer({ ok: false }));
        return;
      }
      // No Socket.IO ack timeout: the page state keeps the one authoritative timer
      // and clears it on close, while Socket.IO's timers would outlive close().
      socket.emit('page:request', { hash }, answer);
    },
    send(visitors, hash, bytes) {
      io.local.to(visitors as PeerId[]).emit('page:content', { hash, bytes });
    },
    publishHolders(hash, holders, audience) {
      const count = { hash, holders };
      const sendFrom = (at: number) => {
        io.local.to(audience.slice(at, at + FAN_OUT_CHUNK) as PeerId[]).emit('page:holders', count);
        if (at + FAN_OUT_CHUNK < audience.length) setImmediate(sendFrom, at + FAN_OUT_CHUNK);
      };
      // Behind whatever this turn delivers: content first.
      setImmediate(sendFrom, 0);
    },
    announceLocal(hash, localHolders) {
      cluster?.announce(hash, localHolders);
    },
    sole(holder, hash, sole, holders) {
      const socket = io.sockets.sockets.get(holder);
      if (!socket) return;
      // A v1 holder knows no page:sole, and its leave warning reads its count: it gets the count at the crossing.
      if (socket.data.protocol >= 2) socket.emit('page:sole', { hash, sole });
      else socket.emit('page:holders', { hash, holders });
    },
    evict(holder, hash, reason) {
      // An address prefix is enough to follow a page in the logs without handing out its link.
      log.info({ socket: holder, page: hash.slice(0, 12), reason }, 'holder evicted');
      const socket = io.sockets.sockets.get(holder);
      if (!socket) return;
      socket.emit('page:evicted', { hash, reason });
      if (!guards.evicted(socket)) {
        log.warn(
          { socket: holder, address: socket.data.address },
          'eviction budget of the address spent: disconnected',
        );
        drop(socket);
      }
    },
  };
}
