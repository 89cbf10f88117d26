import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { ErrorCode } from '../../lib/protocol';
import type { RealtimeConfig } from '../ops/config';
import type { RealtimeIo } from '../socket-types';
import { createAddressAdmission } from './address-admission';
import { createFrontDoor } from './front-door';
import { protocolGuard } from './handshake';
import {
  beforeHandshake,
  installInOrder,
  onConnect,
  onEachEvent,
  onEngineRefusal,
  onTransportOpen,
  stopsOnUndo,
  type Uninstall,
} from './install';
import { corsOrigin } from './origin-guard';
import { originMatcher } from './origins';
import { guardConnection, parser } from './packet-guard';
import { createRateLimit } from './rate-limit';
import { createRefusalLog } from './refusal-log';
import { createRefusedTransports } from './refused-transports';

/**
 * Long-polling carries binary as base64 (4/3 larger) in one HTTP body, so the
 * buffer limit must fit a largest page that way, plus the packet around it.
 */
function bufferLimit(pageMaxBytes: number): number {
  return Math.ceil((pageMaxBytes * 4) / 3) + 64 * 1024;
}

/** What Engine.IO tells of a handshake it refused itself. */
interface EngineRefusal {
  req?: IncomingMessage;
  code: number;
  message: string;
}

/**
 * Every guard of the sidecar: the Socket.IO server's own options that limit
 * a client, and the guards `install` puts in place, in the order a connection
 * meets them.
 */
export function createServerGuards(
  config: RealtimeConfig,
  log: Logger,
  metrics: { refusedHandshake(reason: string): void; rejected(error: ErrorCode): void },
) {
  const allowedOrigin = originMatcher(config.corsOrigins);
  const refusals = createRefusalLog(log, metrics.refusedHandshake);
  const admission = createAddressAdmission(config.addressLimits);
  const refused = createRefusedTransports();
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
    refused,
  );
  // A whole page over long-polling is one packet plus its attachment; a tab
  // re-announcing every page after a reconnect sends two per page.
  const packetLimits = {
    maxPacketsPerBurst: 4 * config.pagesPerConnection + 64,
    unfinishedPacketMs: config.requestTimeoutMs,
  };
  const rateLimit = createRateLimit({
    pagesPerConnection: config.pagesPerConnection,
    addressBudget: (socket) => admission.eventBudget(socket.data.address),
    onReject: metrics.rejected,
  });

  return {
    /** Options for the Socket.IO server. */
    options: {
      parser,
      maxHttpBufferSize: bufferLimit(config.pageMaxBytes),
      cors: { origin: corsOrigin(allowedOrigin) },
      // Honest clients send CONNECT as the transport opens: one that has not joined by then never will.
      connectTimeout: config.joinTimeoutMs,
    },
    /** Per client address: the socket glue spends its eviction budget. */
    admission,
    /** Puts every guard in place on `io`; what it returns undoes them, last first. */
    install(io: RealtimeIo): Uninstall {
      return installInOrder(io, [
        stopsOnUndo(refusals),
        stopsOnUndo(admission),
        stopsOnUndo(refused),
        beforeHandshake(frontDoor.handshake),
        onEngineRefusal((err: EngineRefusal) =>
          refusals.refused({ reason: `engine_${err.code}`, origin: err.req?.headers.origin, detail: err.message }),
        ),
        onTransportOpen(frontDoor.connection),
        onTransportOpen((conn: Parameters<typeof guardConnection>[0]) =>
          guardConnection(conn, packetLimits, (reason) =>
            log.info({ reason }, 'connection closed by the packet guard'),
          ),
        ),
        onConnect(frontDoor.admitted),
        onConnect(frontDoor.refusing(protocolGuard)),
        onEachEvent(rateLimit),
      ]);
    },
  };
}
