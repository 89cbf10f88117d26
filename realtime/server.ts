import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { shownHolders } from '../lib/holder-count';
import { Server } from 'socket.io';
import { createAddressAdmission } from './guards/address-admission';
import { joinCluster, type Cluster } from './cluster/cluster';
import type { RealtimeConfig } from './ops/config';
import { healthReport } from './ops/health';
import { createMetrics } from './ops/metrics';
import { createFrontDoor } from './guards/front-door';
import { corsOrigin } from './guards/origin-guard';
import { originMatcher } from './guards/origins';
import { createRefusalLog } from './guards/refusal-log';
import { PageDirectory } from './core/page-directory';
import { protocolGuard } from './guards/handshake';
import { metricsAuthorized } from './ops/metrics-access';
import { guardConnection, parser } from './guards/packet-guard';
import { forceClose, outboundBacklog } from './engine-internals';
import { createPageHandlers } from './sockets/page-handlers';
import { createRateLimit } from './guards/rate-limit';
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

/**
 * Long-polling carries binary as base64 (4/3 larger) in one HTTP body, so the
 * buffer limit must fit a largest page that way, plus the packet around it.
 */
function bufferLimit(pageMaxBytes: number): number {
  return Math.ceil((pageMaxBytes * 4) / 3) + 64 * 1024;
}

/** Starts the sidecar: Socket.IO, `/healthz` and `/metrics` on one HTTP port. */
export async function startRealtimeServer(
  config: RealtimeConfig,
  options: { logger?: Logger } = {},
): Promise<RealtimeServer> {
  const log = options.logger ?? pino({ name: 'realtime' });
  let state: 'serving' | 'draining' | 'closing' = 'serving';

  const allowedOrigin = originMatcher(config.corsOrigins);
  const http = createServer((req, res) => void serveHttp(req, res, config.metricsPort === undefined));
  const metricsHttp =
    config.metricsPort === undefined ? undefined : createServer((req, res) => void serveHttp(req, res, true));
  const io: RealtimeIo = new Server(http, {
    serveClient: false,
    parser,
    maxHttpBufferSize: bufferLimit(config.pageMaxBytes),
    cors: { origin: corsOrigin(allowedOrigin) },
    // Honest clients send CONNECT as the transport opens: one that has not joined by then never will.
    connectTimeout: config.joinTimeoutMs,
    // Connection state recovery stays off: it buffers emitted packets, page bytes among them.
  });

  const metrics = createMetrics();
  const refusals = createRefusalLog(log, metrics.refusedHandshake);
  const admission = createAddressAdmission(config.addressLimits);
  const frontDoor = createFrontDoor(
    {
      allowedOrigin,
      // Each node keeps its own long-polling sessions: across nodes only a sticky balancer keeps a client on its node.
      pollingWorks: !config.redisUrl || config.stickySessions,
      maxConnections: config.maxConnections,
      trustProxyHeader: config.addressLimits.trustProxyHeader,
      maxPayload: bufferLimit(config.pageMaxBytes),
    },
    admission,
    refusals,
  );
  // Runs after the CORS middleware Socket.IO registers first.
  io.engine.use(frontDoor.handshake);
  io.engine.on('connection', frontDoor.connection);
  io.use(frontDoor.admitted);
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
      evicted: (socket) => admission.evicted(socket.data.address),
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

  const rateLimit = createRateLimit({
    pagesPerConnection: config.pagesPerConnection,
    addressBudget: (socket) => admission.eventBudget(socket.data.address),
    onReject: metrics.rejected,
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

  // A whole page over long-polling is one packet plus its attachment; a tab
  // re-announcing every page after a reconnect sends two per page.
  const packetLimits = {
    maxPacketsPerBurst: 4 * config.pagesPerConnection + 64,
    unfinishedPacketMs: config.requestTimeoutMs,
  };
  io.engine.on('connection', (conn: Parameters<typeof guardConnection>[0]) => {
    guardConnection(conn, packetLimits, (reason) => log.info({ reason }, 'connection closed by the packet guard'));
  });
  io.use(frontDoor.refusing(protocolGuard));
  io.on('connection', (socket) => {
    socket.use(rateLimit(socket));
    attachPageHandlers(socket);
    log.debug({ socket: socket.id, transport: socket.conn.transport.name }, 'connected');
    socket.on('disconnect', (reason) => {
      log.debug({ socket: socket.id, reason }, 'disconnected');
    });
  });
  io.engine.on('connection_error', (err: { req?: IncomingMessage; code: number; message: string }) => {
    refusals.refused({
      reason: `engine_${err.code}`,
      origin: err.req?.headers.origin,
      detail: err.message,
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
      admission.close();
      refusals.close();
      frontDoor.close();
      metricsHttp?.close();
      // First, so the other nodes stop counting this node's holders before they reconnect there.
      cluster?.leave();
      // A client that is not reading what it was sent would hold io.close() for ws's 30 s closing
      // handshake (its close frame waits behind its backlog): its queue is dropped instead.
      for (const socket of io.sockets.sockets.values()) if (outboundBacklog(socket) > 0) forceClose(socket);
      await io.close();
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
