import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { Server } from 'socket.io';
import { joinCluster, type Cluster } from './cluster';
import type { RealtimeConfig } from './config';
import { createMetrics } from './metrics';
import { originGuard } from './origin-guard';
import { PageDirectory } from './core/page-directory';
import { protocolGuard } from './handshake';
import { createPageHandlers } from './page-handlers';
import { createRateLimit } from './rate-limit';
import { createSocketTransport } from './socket-transport';
import type { RealtimeIo } from './socket-types';
import { bytesMatchHash } from './core/verify';

export interface RealtimeServer {
  /** The port it listens on (the real one when the config asked for 0). */
  port: number;
  /** Disconnects every client (they reconnect elsewhere or later) and stops. */
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
  let closing = false;

  const http = createServer((req, res) => void serveHttp(req, res));
  const io: RealtimeIo = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: bufferLimit(config.pageMaxBytes),
    allowRequest: originGuard(config.corsOrigins),
    cors: { origin: config.corsOrigins },
    // Connection state recovery stays off: it buffers emitted packets, page bytes among them.
  });

  const metrics = createMetrics();
  // The cluster and the directory need each other: the directory's rooms ask
  // the cluster for remote counts and pages, the cluster answers other nodes
  // from the directory. So the cluster connects first and serves once the
  // directory exists.
  const cluster: Cluster | undefined = config.redisUrl
    ? joinCluster(io, { redisUrl: config.redisUrl, requestTimeoutMs: config.requestTimeoutMs, log })
    : undefined;
  const noRemoteHolders = new Map<string, number>();
  const directory = new PageDirectory({
    transport: createSocketTransport(io, config.requestTimeoutMs, cluster, log),
    settings: config,
    stats: metrics.stats,
    verify: bytesMatchHash,
    remoteHolders: cluster ? (hash) => cluster.holdersOf(hash) : () => noRemoteHolders,
  });
  cluster?.serve(directory);
  metrics.observe({
    connections: () => io.engine.clientsCount,
    pages: () => directory.size,
    waiting: () => directory.waitingVisitors(),
    clusterPeers: () => cluster?.peers() ?? 0,
  });

  const rateLimit = createRateLimit(config.pagesPerConnection, metrics.rejected);
  const attachPageHandlers = createPageHandlers({
    directory,
    pagesPerConnection: config.pagesPerConnection,
    onReject: metrics.rejected,
  });

  io.use(protocolGuard);
  io.on('connection', (socket) => {
    socket.use(rateLimit.middleware(socket));
    attachPageHandlers(socket);
    log.debug({ socket: socket.id, transport: socket.conn.transport.name }, 'connected');
    socket.on('disconnect', (reason) => {
      rateLimit.forget(socket);
      log.debug({ socket: socket.id, reason }, 'disconnected');
    });
  });
  io.engine.on('connection_error', (err: { code: number; message: string }) => {
    log.warn({ code: err.code, reason: err.message }, 'handshake refused');
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse) {
    if (req.url === '/healthz') {
      res.writeHead(closing ? 503 : 200, { 'content-type': 'text/plain' }).end(closing ? 'closing\n' : 'ok\n');
    } else if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, resolve);
  });
  const port = (http.address() as AddressInfo).port;
  log.info({ port, origins: config.corsOrigins, node: cluster?.nodeId ?? 'standalone' }, 'realtime sidecar listening');

  return {
    port,
    async close() {
      if (closing) return;
      closing = true;
      directory.dispose();
      await io.close();
      await cluster?.close();
      log.info('realtime sidecar closed');
    },
  };
}
