import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isPageHash } from '../../lib/hash';
import type { PageHash, RequestAnswer } from '../../lib/protocol';
import type { PageRoom } from '../core/page-room';
import type { NodeId } from '../core/peer';
import { RemoteHolderTable } from '../core/remote-holders';
import type { ServerSideEvents } from './cluster-events';
import { openFetchChannel, type FetchFailure } from './cluster-fetch';
import type { RealtimeIo } from '../socket-types';

/** How the cluster sees this node's pages. */
export interface LocalPages {
  find(hash: PageHash): PageRoom | undefined;
  localCounts(): Iterable<[PageHash, number]>;
}

/** Before `serve`: a node with no pages of its own. */
const NO_PAGES: LocalPages = { find: () => undefined, localCounts: () => [] };

/** What the cluster reports for metrics. */
export interface ClusterStats {
  fetchFailed(reason: FetchFailure): void;
  redisError(): void;
}

export interface ClusterOptions {
  redisUrl: string;
  requestTimeoutMs: number;
  /** Bytes queued towards Redis past which this node answers no new fetch until they are sent (2 × PAGE_MAX_BYTES). */
  backlogLimit: number;
  log: Logger;
  stats: ClusterStats;
  /** How often a node says it is alive (`CLUSTER_BEAT_MS`); one silent for three beats is dropped. */
  beatMs: number;
}

export interface Cluster {
  readonly nodeId: NodeId;
  /** Answers the other nodes from these pages and tells them their holder counts. */
  serve(pages: LocalPages): void;
  /** Other nodes this one hears from: `n - 1` once `n` nodes see each other. */
  peers(): number;
  /** Both Redis connections are up (otherwise only local pages are served). */
  connected(): boolean;
  /** Both were up at least once since start: a node that never was has a wrong `REDIS_URL` or no Redis. */
  joinedOnce(): boolean;
  holdersOf(hash: PageHash): ReadonlyMap<NodeId, number>;
  /** Tells the other nodes this node's holder count of a page (the page state skips unchanged ones). */
  announce(hash: PageHash, localHolders: number): void;
  /** Asks one other node for a page; `answer` gets `{ ok, bytes }` or `{ ok: false }` (at the latest after `requestTimeoutMs`). */
  fetch(node: NodeId, hash: PageHash, answer: (reply: RequestAnswer) => void): void;
  /** Tells the other nodes to stop counting this one now, and stops beating. Idempotent. */
  leave(): void;
  close(): Promise<void>;
}

/**
 * Joins the nodes sharing `redisUrl` through Socket.IO's Redis adapter. Holder
 * counts are gossiped per page and kept in memory on every node; a node that
 * stops beating is forgotten, and while Redis is down every node keeps serving
 * what it holds locally.
 */
export function joinCluster(io: RealtimeIo, options: ClusterOptions): Cluster {
  const { log } = options;
  let pages = NO_PAGES;
  const { beatMs } = options;
  // After leave(): this node says nothing more, so no peer counts it again.
  let left = false;
  const nodeId = randomUUID();
  const table = new RemoteHolderTable();

  // No retry limit: queued commands must never fail into unhandled rejections
  // during an outage; nothing is sent while Redis is down anyway.
  const redisOptions = { maxRetriesPerRequest: null };
  const pub = new Redis(options.redisUrl, redisOptions);
  const sub = new Redis(options.redisUrl, redisOptions);
  const connected = () => pub.status === 'ready' && sub.status === 'ready';
  let joinedOnce = false;
  const send = <E extends keyof ServerSideEvents>(event: E, ...args: Parameters<ServerSideEvents[E]>) => {
    if (connected() && (!left || event === 'cluster:bye'))
      (io.serverSideEmit as (e: string, ...a: unknown[]) => void)(event, ...args);
  };
  const sendState = (hello: boolean) => send('cluster:state', nodeId, [...pages.localCounts()], hello);
  const recount = (hashes: Iterable<PageHash>) => {
    for (const hash of hashes) pages.find(hash)?.remoteChanged();
  };

  let down = false;
  for (const client of [pub, sub]) {
    client.on('error', (err: Error) => {
      options.stats.redisError();
      if (down) return;
      down = true;
      log.warn({ err: err.message }, 'redis unavailable: serving local pages only until it is back');
    });
    client.on('ready', () => {
      if (!connected()) return;
      joinedOnce = true;
      if (down) log.info('redis is back: rejoining the cluster');
      down = false;
      sendState(true);
    });
  }

  io.adapter(createAdapter(pub, sub, { requestsTimeout: options.requestTimeoutMs }));
  const channel = openFetchChannel({
    nodeId,
    pub,
    sub,
    connected,
    requestTimeoutMs: options.requestTimeoutMs,
    backlogLimit: options.backlogLimit,
    log,
    failed: options.stats.fetchFailed,
    serve(hash, answer) {
      const room = pages.find(hash);
      if (room) room.fetchForNode(answer);
      else queueMicrotask(() => answer({ ok: false }));
    },
  });

  io.on('cluster:state', (node, counts, hello) => {
    if (node === nodeId || !Array.isArray(counts)) return;
    const valid = counts.filter(([hash, n]) => isPageHash(hash) && Number.isInteger(n) && n >= 0);
    recount(table.replace(node, valid, Date.now()));
    if (hello) sendState(false);
  });
  io.on('cluster:count', (node, hash, count) => {
    if (node === nodeId || !isPageHash(hash) || !Number.isInteger(count) || count < 0) return;
    const known = table.knows(node);
    table.set(node, hash, count, Date.now());
    pages.find(hash)?.remoteChanged();
    if (!known) sendState(true);
  });
  io.on('cluster:beat', (node) => {
    if (node === nodeId) return;
    // A node we had dropped (or never met): exchange full states.
    if (!table.knows(node)) sendState(true);
    table.touch(node, Date.now());
  });
  io.on('cluster:bye', (node) => {
    if (node === nodeId) return;
    log.info({ node }, 'node left: no longer counted or asked');
    recount(table.forget(node));
  });
  // Nodes no longer ask this way (it waits on every node and carries base64 to all of them), but during a
  // rolling deploy a node not yet upgraded still does: it is answered, with the same backpressure.
  io.on('cluster:fetch', (target, hash, ack) => {
    if (typeof ack !== 'function') return;
    if (target !== nodeId) return ack(null);
    if (!isPageHash(hash)) return ack({ ok: false });
    channel.accept(hash, (reply) =>
      ack(reply.ok ? { ok: true, base64: Buffer.from(reply.bytes as Uint8Array).toString('base64') } : { ok: false }),
    );
  });

  const beat = setInterval(() => {
    send('cluster:beat', nodeId);
    for (const node of table.silentSince(Date.now() - 3 * beatMs)) {
      log.info({ node }, 'node silent: no longer counted or asked');
      recount(table.forget(node));
    }
  }, beatMs);
  beat.unref();

  return {
    nodeId,
    serve(local) {
      pages = local;
    },
    peers: () => table.nodeCount,
    connected,
    joinedOnce: () => joinedOnce,
    holdersOf: (hash) => table.holdersOf(hash),
    announce(hash, localHolders) {
      send('cluster:count', nodeId, hash, localHolders);
    },
    fetch: (node, hash, answer) => channel.fetch(node, hash, answer),
    leave() {
      if (left) return;
      send('cluster:bye', nodeId);
      left = true;
      clearInterval(beat);
    },
    async close() {
      clearInterval(beat);
      channel.close();
      // QUIT runs after the adapter's pending unsubscribes; a hard disconnect
      // would reject them into unhandled rejections. Without Redis, just drop.
      await Promise.all(
        [pub, sub].map(async (client) => {
          if (client.status === 'ready') await client.quit().catch(() => {});
          else client.disconnect();
        }),
      );
    },
  };
}
