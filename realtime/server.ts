import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { shownHolders } from '../lib/holder-count';
import { Server } from 'socket.io';
import { joinCluster, type Cluster } from './cluster/cluster';
import type { RealtimeConfig } from './ops/config';
import { healthReport } from './ops/health';
import { createMetrics } from './ops/metrics';
import { PageDirectory } from './core/page-directory';
import { metricsAuthorized } from './ops/metrics-access';
import { forceClose, outboundBacklog } from './engine-internals';
import { createServerGuards } from './guards/server-guards';
import { createPageHandlers } from './sockets/page-handlers';
import { createSocketTransport } from './sockets/socket-transport';
import type { RealtimeIo } from './socket-types';
import { bytesMatchHash } from './core/verify';

export interface RealtimeServer {
  /** The port it listens on (the real one when the config asked for 0). */
  port: number;
  /** The port `/metrics` is served on: `port` unless METRICS_PORT names another. */
  metricsPort: number;
  /**
   * The graceful stop (SIGTERM): `/healthz` answers 503 for `DRAIN_MS` while
   * the node still serves, so the proxy stops sending it new connections; then
   * `close()`. Each step is logged.
   */
  shutdown(): Promise<void>;
  /** Tells the other nodes this one is gone, disconnects every client (they reconnect elsewhere or later) and stops. */
  close(): Promise<void>;
}

/** Starts the sidecar: Socket.IO, `/healthz` and `/metrics` on one HTTP port. */
export async function startRealtimeServer(
  config: RealtimeConfig,
  options: { logger?: Logger } = {},
): Promise<RealtimeServer> {
  const log = options.logger ?? pino({ name: 'realtime' });
  let state: 'serving' | 'draining' | 'closing' = 'serving';

  const http = createServer((req, res) => void serveHttp(req, res, config.metricsPort === undefined));
  const metricsHttp =
    config.metricsPort === undefined ? undefined : createServer((req, res) => void serveHttp(req, res, true));
  const metrics = createMetrics();
  const guards = createServerGuards(config, log, metrics);
  const io: RealtimeIo = new Server(http, {
    serveClient: false,
    ...guards.options,
    // Connection state recovery stays off: it buffers emitted packets, page bytes among them.
  });
  const uninstallGuards = guards.install(io);
  // The cluster and the directory need each other: the directory's rooms ask
  // the cluster for remote counts and pages, the cluster answers other nodes
  // from the directory. So the cluster connects first and serves once the
  // directory exists.
  const cluster: Cluster | undefined = config.redisUrl
    ? joinCluster(io, {
        redisUrl: config.redisUrl,
        requestTimeoutMs: config.requestTimeoutMs,
        backlogLimit: 2 * config.pageMaxBytes,
        beatMs: config.clusterBeatMs,
        log,
        stats: metrics.cluster,
      })
    : undefined;
  const noRemoteHolders = new Map<string, number>();
  const directory = new PageDirectory({
    transport: createSocketTransport(io, cluster, log, {
      evicted: (socket) => guards.admission.evicted(socket.data.address),
    }),
    settings: config,
    stats: metrics.stats,
    verify: bytesMatchHash,
    remoteHolders: cluster ? (hash) => cluster.holdersOf(hash) : () => noRemoteHolders,
    shownHolders,
    now: () => performance.now(),
  });
  cluster?.serve(directory);
  metrics.observe({
    connections: () => io.engine.clientsCount,
    pages: () => directory.size,
    waiting: () => directory.waitingVisitors(),
    readersBehind: () => {
      let behind = 0;
      for (const socket of io.sockets.sockets.values()) if (socket.data.pages?.behind) behind++;
      return behind;
    },
    clusterPeers: () => cluster?.peers() ?? 0,
    clusterDegraded: () => (cluster && !cluster.connected() ? 1 : 0),
  });

  const attachPageHandlers = createPageHandlers({
    directory,
    pagesPerConnection: config.pagesPerConnection,
    backpressure: {
      backlogLimit: 2 * config.pageMaxBytes,
      stalledReaderMs: config.stalledReaderMs,
      log,
      onStalled: metrics.stalledReader,
    },
    onReject: metrics.rejected,
  });

  io.on('connection', (socket) => {
    attachPageHandlers(socket);
    log.debug({ socket: socket.id, transport: socket.conn.transport.name }, 'connected');
    socket.on('disconnect', (reason) => {
      log.debug({ socket: socket.id, reason }, 'disconnected');
    });
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse, metricsHere: boolean) {
    if (req.url === '/healthz') {
      const health = healthReport(state, cluster);
      res
        .writeHead(health.status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(`${JSON.stringify(health.body)}\n`);
    } else if (req.url === '/metrics' && metricsHere) {
      if (!metricsAuthorized(req, config.metricsToken)) {
        res
          .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
          .end('metrics need a bearer token\n');
        return;
      }
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  }

  const listen = (server: HttpServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve((server.address() as AddressInfo).port));
    });
  const port = await listen(http, config.port);
  const metricsPort = metricsHttp ? await listen(metricsHttp, config.metricsPort!) : port;
  log.info({ port, origins: config.corsOrigins, node: cluster?.nodeId ?? 'standalone' }, 'realtime sidecar listening');

  let endDrain: (() => void) | undefined;
  let closed: Promise<void> | undefined;
  const close = () => {
    endDrain?.();
    closed ??= (async () => {
      state = 'closing';
      directory.dispose();
      metricsHttp?.close();
      // First, so the other nodes stop counting this node's holders before they reconnect there.
      cluster?.leave();
      // A client that is not reading what it was sent would hold io.close() for ws's 30 s closing
      // handshake (its close frame waits behind its backlog): its queue is dropped instead.
      for (const socket of io.sockets.sockets.values()) if (outboundBacklog(socket) > 0) forceClose(socket);
      await io.close();
      // Only now: until io.close() no handshake may reach a server whose guards are gone.
      uninstallGuards();
      await cluster?.close();
      log.info('realtime sidecar closed');
    })();
    return closed;
  };

  return {
    port,
    metricsPort,
    async shutdown() {
      if (state === 'serving' && config.drainMs > 0) {
        state = 'draining';
        log.info({ drainMs: config.drainMs }, 'draining: /healthz answers 503, connections are still served');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, config.drainMs);
          endDrain = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      if (state !== 'closing')
        log.info({ connections: io.engine.clientsCount }, 'closing: telling the other nodes, disconnecting clients');
      await close();
    },
    close,
  };
}
