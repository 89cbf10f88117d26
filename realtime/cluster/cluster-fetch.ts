import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { asUint8Array, isPageHash } from '../../lib/hash';
import type { PageHash, RequestAnswer } from '../../lib/protocol';
import type { NodeId } from '../core/peer';
import { decodeFrame, encodeFrame } from './frame';

/** Outside the adapter's `socket.io#` prefix: the adapter ignores these channels, and this ignores its own. */
const CHANNEL_PREFIX = 'ephemeral-p2p:node:';

/** Why a fetch from another node brought no page. */
export type FetchFailure = 'timeout' | 'not_found' | 'unreachable';

/** A node asks another for a page; `from` names the channel the answer goes to. */
interface Want {
  kind: 'want';
  id: number;
  from: NodeId;
  hash: PageHash;
}

/** The answer to want `id`; with `ok`, the frame's body is the page. */
interface Answer {
  kind: 'page';
  id: number;
  ok: boolean;
}

export interface FetchChannelOptions {
  nodeId: NodeId;
  pub: Redis;
  sub: Redis;
  connected: () => boolean;
  requestTimeoutMs: number;
  /** Bytes queued on the publish connection past which this node takes on no new fetch from another. */
  backlogLimit: number;
  log: Logger;
  failed: (reason: FetchFailure) => void;
  /** Answers a fetch from this node's own holders (`{ ok: false }` when it has none). */
  serve: (hash: PageHash, answer: (reply: RequestAnswer) => void) => void;
}

export interface FetchChannel {
  /** Asks one node for a page; `answer` is called once, never synchronously. */
  fetch(node: NodeId, hash: PageHash, answer: (reply: RequestAnswer) => void): void;
  /** Takes on a fetch from another node, once the publish connection has room for its answer. */
  accept(hash: PageHash, reply: (answer: RequestAnswer) => void): void;
  /** Clears every timer and listener; pending fetches are dropped (their rooms are gone by then). */
  close(): void;
}

/**
 * Point-to-point fetches between nodes, over a Redis channel per node: the
 * asking node publishes its want on the channel of the one node it asks, and
 * the answer comes back, binary, on the asker's channel only. No fetch waits
 * on a node it did not ask, and a page crosses Redis once.
 */
export function openFetchChannel(options: FetchChannelOptions): FetchChannel {
  const { nodeId, pub, sub, connected, requestTimeoutMs, backlogLimit, log, failed, serve } = options;
  const channelOf = (node: NodeId) => `${CHANNEL_PREFIX}${node}`;
  const mine = Buffer.from(channelOf(nodeId));

  let lastId = 0;
  const pending = new Map<number, { answer: (reply: RequestAnswer) => void; timer: ReturnType<typeof setTimeout> }>();
  const settle = (id: number, reply: RequestAnswer, failure?: FetchFailure) => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    if (failure) failed(failure);
    entry.answer(reply);
  };

  // Fetches taken on while the publish connection was behind: metadata only, never bytes.
  let deferred: { hash: PageHash; reply: (answer: RequestAnswer) => void; at: number }[] = [];
  let stopWaiting: (() => void) | undefined;
  // No stream before ioredis first connects: nothing is queued then.
  const behind = () => (pub.stream?.writableLength ?? 0) > backlogLimit;
  const dropStale = () => {
    const stale = Date.now() - requestTimeoutMs;
    while (deferred.length > 0 && deferred[0].at < stale) deferred.shift();
  };
  const waitForDrain = () => {
    if (stopWaiting) return;
    const stream = pub.stream;
    const resume = () => {
      stopWaiting?.();
      flush();
    };
    // On a reconnect the old stream closes without draining; the new one is read then.
    stream.once('drain', resume);
    stream.once('close', resume);
    stopWaiting = () => {
      stream.off('drain', resume);
      stream.off('close', resume);
      stopWaiting = undefined;
    };
  };
  function flush() {
    dropStale();
    while (deferred.length > 0) {
      if (behind()) return waitForDrain();
      const next = deferred.shift()!;
      serve(next.hash, next.reply);
    }
  }
  const accept = (hash: PageHash, reply: (answer: RequestAnswer) => void) => {
    if (deferred.length === 0 && !behind()) return serve(hash, reply);
    // Its asker has given up on anything older than its timeout.
    dropStale();
    deferred.push({ hash, reply, at: Date.now() });
    waitForDrain();
  };

  const publish = (node: NodeId, frame: Buffer) => pub.publish(channelOf(node), frame);
  const answerTo = (node: NodeId, id: number, reply: RequestAnswer) => {
    // Never park page bytes in ioredis' offline queue: the asker has timed out long before Redis is back.
    if (!connected()) return;
    const answer: Answer = { kind: 'page', id, ok: reply.ok };
    publish(node, reply.ok ? encodeFrame(answer, asUint8Array(reply.bytes)) : encodeFrame(answer)).catch(() => {});
  };

  const onMessage = (channel: Buffer, message: Buffer) => {
    if (!channel.equals(mine)) return;
    const frame = decodeFrame(message);
    const header = (frame?.header ?? {}) as { [K in keyof Want | keyof Answer]?: unknown };
    const { id } = header;
    if (!frame || typeof id !== 'number' || !Number.isInteger(id)) return;
    if (header.kind === 'want' && typeof header.from === 'string' && isPageHash(header.hash)) {
      const from = header.from;
      accept(header.hash, (reply) => answerTo(from, id, reply));
    } else if (header.kind === 'page') {
      settle(
        id,
        header.ok === true ? { ok: true, bytes: frame.body } : { ok: false },
        header.ok ? undefined : 'not_found',
      );
    }
  };
  sub.on('messageBuffer', onMessage);
  // ioredis subscribes again by itself after a reconnect.
  sub.subscribe(channelOf(nodeId)).catch(() => {});

  return {
    fetch(node, hash, answer) {
      if (!connected()) {
        failed('unreachable');
        queueMicrotask(() => answer({ ok: false }));
        return;
      }
      const id = ++lastId;
      const timer = setTimeout(() => {
        // A page address prefix follows the page in the logs without handing out its link.
        log.warn({ node, page: hash.slice(0, 12) }, 'cross-node fetch timed out');
        settle(id, { ok: false }, 'timeout');
      }, requestTimeoutMs);
      pending.set(id, { answer, timer });
      const want: Want = { kind: 'want', id, from: nodeId, hash };
      publish(node, encodeFrame(want)).then(
        // Nobody listens on its channel: the node is gone, or is an older one that only answers `cluster:fetch`.
        (listeners) => {
          if (listeners === 0) settle(id, { ok: false }, 'unreachable');
        },
        () => settle(id, { ok: false }, 'unreachable'),
      );
    },
    accept,
    close() {
      for (const { timer } of pending.values()) clearTimeout(timer);
      pending.clear();
      deferred = [];
      stopWaiting?.();
      sub.off('messageBuffer', onMessage);
    },
  };
}
