import type { Logger } from 'pino';
import type { Cluster } from './cluster';
import type { PageTransport } from './core/page-room';
import { isNodePeer, nodeOf, type PeerId } from './core/peer';
import type { RealtimeIo } from './socket-types';

/**
 * Sockets written per turn of the event loop when a count fans out: between
 * turns Node reads what arrived, so a holder's answer and its delivery to the
 * visitors never queue behind thousands of count frames.
 */
const FAN_OUT_CHUNK = 256;

/**
 * The page state's transport over this node's Socket.IO sockets, and over the
 * cluster for peers that are other nodes. Emits go through `io.local`: every
 * socket the page state names lives on this node.
 */
export function createSocketTransport(
  io: RealtimeIo,
  requestTimeoutMs: number,
  cluster: Cluster | undefined,
  log: Logger,
): PageTransport {
  // The room keeps its own, authoritative timer; this longer one only makes
  // Socket.IO forget the ack of a holder that never answers.
  const ackLifetimeMs = requestTimeoutMs + 1000;
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
      socket.timeout(ackLifetimeMs).emit('page:request', { hash }, (err, reply) => {
        if (!err) answer(reply);
      });
    },
    deliver(visitors, hash, bytes) {
      for (const visitor of visitors) io.sockets.sockets.get(visitor)?.data.pages.served(hash);
      io.local.to([...visitors]).emit('page:content', { hash, bytes });
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
      socket.data.pages.evicted(hash);
      socket.emit('page:evicted', { hash, reason });
    },
  };
}
