import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { Encoder, PacketType } from 'socket.io-parser';
import type { Refusal } from '../../lib/protocol';
import type { AddressAdmission } from './address-admission';
import { clientAddress } from './client-address';
import { refusal as refusalError } from './handshake';
import { originRefusal } from './origin-guard';
import type { OriginMatcher } from './origins';
import { answerPollingRefusal, WEBSOCKET_REQUIRED } from './polling-refusal';
import type { RefusalLog } from './refusal-log';
import type { ClosableConnection, RefusedTransports } from './refused-transports';
import type { RealtimeSocket } from '../socket-types';

/** What a client past `MAX_CONNECTIONS` is told to wait before trying again. */
export const RETRY_AFTER_S = 5;

export interface FrontDoorSettings {
  allowedOrigin: OriginMatcher;
  /** Long-polling handshakes are served (one node, or a sticky balancer). */
  pollingWorks: boolean;
  /** Open transports at most, joined or not (`MAX_CONNECTIONS`). */
  maxConnections: number;
  trustProxyHeader: string | undefined;
  /** Engine.IO's `maxPayload`, announced in a refusal's open packet. */
  maxPayload: number;
}

/** What the front door needs of an Engine.IO connection. */
interface EngineConnection extends ClosableConnection {
  request: IncomingMessage;
  remoteAddress?: string;
  transport: { name: string };
  write(data: string): unknown;
}

type Admitted = { address: string; refusal?: undefined } | { address: string; refusal: Refusal };

const relayFull = (max: number): Refusal => ({
  code: 'relay_full',
  message: `This relay is at capacity (${max} connections); this tab tries again in a few seconds.`,
});

/** The Socket.IO CONNECT_ERROR packet for the main namespace, as its parser writes it. */
function connectError(refusal: Refusal): string {
  const [packet] = new Encoder().encode({
    type: PacketType.CONNECT_ERROR,
    nsp: '/',
    data: { message: refusal.message, data: refusal },
  });
  return packet as string;
}

/** Answers an HTTP request, or a WebSocket upgrade (a bare socket), with 503 and `Retry-After`. */
function refuseOverHttp(req: IncomingMessage, res: ServerResponse, upgrade: boolean, refusal: Refusal): void {
  const body = JSON.stringify(refusal);
  if (!upgrade) {
    res
      .writeHead(503, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'retry-after': String(RETRY_AFTER_S),
      })
      .end(body);
    return;
  }
  const socket = req.socket as NetSocket;
  socket.on('error', () => {});
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: ${RETRY_AFTER_S}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Admission at the transport, before any session: the origin, the per-address
 * cap and `MAX_CONNECTIONS` are decided when an Engine.IO transport opens, and
 * every open transport counts, joined to a namespace or not (Socket.IO's
 * `connectTimeout` closes one that never joins).
 *
 * - A long-polling handshake that is refused gets its refusal in its own
 *   response (polling-refusal.ts), or a 503 with `Retry-After` past
 *   `MAX_CONNECTIONS`: no session is opened.
 * - A WebSocket that is refused opens only to carry its refusal (a browser
 *   cannot read an HTTP refusal of a WebSocket): the Socket.IO CONNECT_ERROR
 *   is written with the open packet and the transport is closed behind it, in
 *   at most `REFUSED_CLOSE_MS` (refused-transports.ts).
 * - A flood (many refused transports still closing) gets a bare HTTP 503.
 *
 * The authoritative count is taken on the engine's `connection` event, which
 * runs synchronously per transport; the HTTP checks before it only spare
 * sessions that would be refused anyway.
 */
export function createFrontDoor(
  settings: FrontDoorSettings,
  admission: AddressAdmission,
  refusals: RefusalLog,
  refused: RefusedTransports,
) {
  const connections = new WeakMap<object, Admitted>();
  let open = 0;

  const addressOf = (req: IncomingMessage, remoteAddress?: string) =>
    clientAddress(
      { remoteAddress: remoteAddress ?? req.socket?.remoteAddress, headers: req.headers },
      settings.trustProxyHeader,
    );

  /** Why a new transport of this request would be refused now; undefined when it would be admitted. */
  const refusalFor = (req: IncomingMessage, address: string, transport: string): Refusal | undefined => {
    const { origin } = req.headers;
    // No Origin header: no browser (a CLI, a test, a benchmark), nobody CORS would protect.
    if (origin !== undefined && !settings.allowedOrigin(origin)) return originRefusal(origin);
    if (transport === 'polling' && !settings.pollingWorks) return WEBSOCKET_REQUIRED;
    if (open >= settings.maxConnections) return relayFull(settings.maxConnections);
    return admission.refusalFor(address);
  };

  const report = (req: IncomingMessage, transport: string, refusal: Refusal) =>
    refusals.refused({ reason: refusal.code, origin: req.headers.origin, transport });

  return {
    /** Engine.IO middleware, before the handshake: refusals that need no session. */
    handshake(req: IncomingMessage, res: ServerResponse, next: (err?: Error) => void): void {
      const query = new URL(req.url ?? '/', 'http://relay').searchParams;
      if (req.method !== 'GET' || query.has('sid')) return next();
      const transport = query.get('transport') ?? '';
      const upgrade = transport === 'websocket';
      const address = addressOf(req);
      if (refused.flooding(address)) {
        const refusal = open >= settings.maxConnections ? relayFull(settings.maxConnections) : undefined;
        refusals.refused({ reason: 'flood', origin: req.headers.origin, transport });
        return refuseOverHttp(
          req,
          res,
          upgrade,
          refusal ?? {
            code: 'too_many_connections',
            message: 'too many refused connections from this address; retry later',
          },
        );
      }
      // A WebSocket is admitted or refused readably once it is open (below); Engine.IO refuses v3 itself.
      if (upgrade || query.get('EIO') !== '4') return next();
      const refusal = refusalFor(req, address, transport);
      if (!refusal) return next();
      report(req, transport, refusal);
      if (refusal.code === 'relay_full') refuseOverHttp(req, res, false, refusal);
      else answerPollingRefusal(res, req.headers.origin, refusal, settings.maxPayload);
      // next() is never called: the request is answered, Engine.IO does nothing more with it.
    },

    /** Engine.IO's `connection` event: counts the transport, or refuses it. */
    connection(conn: EngineConnection): void {
      const address = addressOf(conn.request, conn.remoteAddress);
      const refusal = refusalFor(conn.request, address, conn.transport.name);
      if (refusal) {
        connections.set(conn, { address, refusal });
        report(conn.request, conn.transport.name, refusal);
        // With the open packet, before the client's CONNECT: read even by a client that never sends one.
        conn.write(connectError(refusal));
        refused.closeBehindRefusal(conn, address);
        return;
      }
      connections.set(conn, { address });
      const release = admission.open(address);
      open++;
      conn.once('close', () => {
        release();
        open--;
      });
    },

    /**
     * Socket.IO middleware, first in line: a socket of an admitted transport
     * carries its address on; one of a refused transport (its CONNECT came
     * before the close) is refused again.
     */
    admitted(socket: RealtimeSocket, next: (err?: Error) => void): void {
      const admitted = connections.get(socket.conn);
      if (!admitted) return next(refusalError('too_many_connections', 'this connection was not admitted'));
      if (admitted.refusal) return next(refusalError(admitted.refusal.code, admitted.refusal.message));
      socket.data.address = admitted.address;
      next();
    },

    /** Wraps a later Socket.IO middleware: its refusals are logged and their transports closed behind them. */
    refusing(guard: (socket: RealtimeSocket, next: (err?: Error) => void) => void) {
      return (socket: RealtimeSocket, next: (err?: Error) => void) =>
        guard(socket, (err) => {
          const refusal = (err as { data?: Refusal } | undefined)?.data;
          if (err && refusal) {
            report(socket.request, socket.conn.transport.name, refusal);
            refused.closeBehindRefusal(socket.conn, socket.data.address);
          }
          next(err);
        });
    },
  };
}

export type FrontDoor = ReturnType<typeof createFrontDoor>;
