import { createHash } from 'node:crypto';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, HoldersAck, ServerToClientEvents } from '@/lib/protocol';
import { DEFAULT_PAGE_MAX_BYTES } from '@/lib/limits';
import { openRelaySocket, RelayClient, type RelaySocketOptions } from '@/lib/relay-client';
import { loadConfig } from '@/realtime/ops/config';
import { startRealtimeServer, type RealtimeServer } from '@/realtime/server';

/** A bare socket, for tests that speak the wire themselves: malformed payloads, liars, floods, v1 clients. */
export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** An honest peer: the app's relay client on a real connection, with its socket to watch. */
export interface Peer {
  client: RelayClient;
  socket: Client;
  /** The `page:request`s it was sent. */
  seen: { requests: number };
}

/** A relay client connected to `url` (websocket, no reconnection unless told); rejects if it cannot connect. */
export async function connectPeer(url: string, options: RelaySocketOptions = {}): Promise<Peer> {
  const socket = openRelaySocket(url, { transports: ['websocket'], reconnection: false, ...options });
  // The sidecars these tests start keep the default page limit.
  const client = new RelayClient(socket, { url, maxPageBytes: DEFAULT_PAGE_MAX_BYTES });
  const seen = { requests: 0 };
  client.on('request', () => seen.requests++);
  await new Promise<void>((resolve, reject) => {
    const stop = client.on('connection', (status) => {
      if (status.state === 'connecting' || status.state === 'reconnecting') return;
      stop();
      if (status.state === 'connected') resolve();
      else reject(new Error(`not connected: ${JSON.stringify(status)}`));
    });
    client.start();
  });
  return { client, socket, seen };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A page and its address. */
export function page(text: string) {
  const bytes = Buffer.from(text);
  return { bytes, hash: sha256(bytes) };
}

export type Page = ReturnType<typeof page>;

/**
 * Real sidecars on ephemeral ports and the real clients connected to them;
 * `closeAll()` (call it in afterEach) closes every one of them.
 */
export function realtimeHarness() {
  const servers: RealtimeServer[] = [];
  const clients: Client[] = [];
  const peers: RelayClient[] = [];
  const urlOf = (server: RealtimeServer) => `http://127.0.0.1:${server.port}`;

  return {
    /** Starts a sidecar; the first one started is the default for `url` and `client()`. */
    async start(env: Record<string, string> = {}) {
      const server = await startRealtimeServer(loadConfig({ REALTIME_PORT: '0', ...env }), {
        logger: pino({ level: 'silent' }),
      });
      servers.push(server);
      return server;
    },
    get url() {
      if (!servers[0]) throw new Error('start() a server first');
      return urlOf(servers[0]);
    },
    /** A connected client (websocket unless told otherwise), to `server` or the first one. */
    async client(options: Parameters<typeof connect>[1] = {}, server?: RealtimeServer): Promise<Client> {
      const socket: Client = connect(server ? urlOf(server) : this.url, {
        transports: ['websocket'],
        reconnection: false,
        ...options,
      });
      clients.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    /** A connected relay client, to `to` (a server or a URL) or the first server. */
    async peer(options: RelaySocketOptions = {}, to?: RealtimeServer | string): Promise<Peer> {
      const peer = await connectPeer(to === undefined ? this.url : typeof to === 'string' ? to : urlOf(to), options);
      peers.push(peer.client);
      clients.push(peer.socket);
      return peer;
    },
    async closeAll() {
      for (const client of peers.splice(0)) client.close();
      // A long-polling client's goodbye is an HTTP request: let it land before the server goes.
      await Promise.all(clients.splice(0).map(closeClient));
      await Promise.all(servers.splice(0).map((s) => s.close()));
    },
  };
}

function closeClient(socket: Client): Promise<void> {
  const engine = socket.io.engine;
  socket.disconnect();
  if (!engine || engine.readyState === 'closed') return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 500);
    engine.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Emits and resolves with the acknowledgement. */
export function ask<T extends object = HoldersAck>(
  socket: Client,
  event: keyof ClientToServerEvents,
  payload: unknown,
): Promise<Ack<T>> {
  return new Promise((resolve) => {
    (socket.emit as (...args: unknown[]) => void)(event, payload, resolve);
  });
}

/**
 * Makes a bare socket answer every `page:request` with `bytes` (whatever the
 * page) or with what `bytes()` returns, counting the requests: a scripted
 * holder, for liars and odd answers. An honest holder is a peer that `hold`s.
 */
export function serve(socket: Client, bytes: Uint8Array | (() => unknown)) {
  const seen = { requests: 0 };
  socket.on('page:request', (_ref, answer) => {
    seen.requests++;
    answer((typeof bytes === 'function' ? bytes() : { ok: true, bytes }) as never);
  });
  return seen;
}

/** `peer` holds `p`, acknowledged by the relay; resolves with its request counter. */
export async function hold(peer: Peer, p: Page) {
  await peer.client.hold(p.hash, p.bytes);
  expect(await peer.client.announced(p.hash)).toEqual({ state: 'holding' });
  return peer.seen;
}

/**
 * `peer` wants `p` without holding it afterwards: resolves with the relay's
 * ack, and `served`, which resolves once the page's verified bytes arrived and
 * are exactly its bytes (rejects after `ms`).
 */
export async function want(peer: Peer, p: Page, ms = 5000) {
  const acked = new Promise<Ack>((resolve) => {
    const stop = peer.client.on('ack', ({ event, hash, res }) => {
      if (event !== 'page:want' || hash !== p.hash) return;
      stop();
      resolve(res);
    });
  });
  const served = peer.client.want(p.hash, { hold: false, signal: AbortSignal.timeout(ms) }).then((bytes) => {
    expect(Buffer.from(bytes).equals(p.bytes)).toBe(true);
  });
  return { ack: await acked, served };
}

/** `peer` wants `p` and is sent exactly its bytes within `ms`. */
export async function expectServed(peer: Peer, p: Page, ms = 5000): Promise<void> {
  const { ack, served } = await want(peer, p, ms);
  expect(ack).toMatchObject({ ok: true });
  await served;
}

/** Resolves with the next `event` payload the client receives, or rejects after `ms`. */
export function next<E extends keyof ServerToClientEvents>(
  socket: Client,
  event: E,
  ms = 5000,
  filter: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    function listener(payload: Parameters<ServerToClientEvents[E]>[0]) {
      if (!filter(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    }
    socket.on(event, listener as never);
  });
}

/** A sidecar's /metrics, by series name (labels included, as `name{label="v"}`). */
export async function readMetrics(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (match) values[match[1] + (match[2] ?? '')] = Number(match[3]);
  }
  return values;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
