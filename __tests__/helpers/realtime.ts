import { createHash } from 'node:crypto';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, HoldersAck, ServerToClientEvents } from '@/lib/protocol';
import { loadConfig } from '@/realtime/config';
import { startRealtimeServer, type RealtimeServer } from '@/realtime/server';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

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
    async closeAll() {
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

/** Makes a client serve `bytes` for every `page:request`, counting the requests. */
export function serve(socket: Client, bytes: Uint8Array | (() => unknown)) {
  const seen = { requests: 0 };
  socket.on('page:request', (_ref, answer) => {
    seen.requests++;
    answer((typeof bytes === 'function' ? bytes() : { ok: true, bytes }) as never);
  });
  return seen;
}

/** Makes `socket` serve `p` and announce it; resolves with its request counter. */
export async function hold(socket: Client, p: Page) {
  const seen = serve(socket, p.bytes);
  expect(await ask(socket, 'page:have', { hash: p.hash })).toMatchObject({ ok: true });
  return seen;
}

/**
 * `visitor` wants `p`: resolves with the ack, and `served`, which resolves once
 * the page's content arrived and is exactly its bytes (rejects after `ms`).
 */
export async function want(visitor: Client, p: Page, ms = 5000) {
  const content = next(visitor, 'page:content', ms, (c) => c.hash === p.hash);
  const ack = await ask(visitor, 'page:want', { hash: p.hash });
  const served = content.then(({ bytes }) => {
    expect(Buffer.from(bytes as Uint8Array).equals(p.bytes)).toBe(true);
  });
  return { ack, served };
}

/** `visitor` wants `p` and is sent exactly its bytes within `ms`. */
export async function expectServed(visitor: Client, p: Page, ms = 5000): Promise<void> {
  const { ack, served } = await want(visitor, p, ms);
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
