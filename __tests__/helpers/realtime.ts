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

/**
 * A real sidecar on an ephemeral port and the real clients connected to it;
 * `closeAll()` (call it in afterEach) closes every one of them.
 */
export function realtimeHarness() {
  let server: RealtimeServer | undefined;
  const clients: Client[] = [];

  return {
    async start(env: Record<string, string> = {}) {
      server = await startRealtimeServer(loadConfig({ REALTIME_PORT: '0', ...env }), {
        logger: pino({ level: 'silent' }),
      });
      return server;
    },
    get url() {
      if (!server) throw new Error('start() the server first');
      return `http://127.0.0.1:${server.port}`;
    },
    /** A connected client (websocket unless told otherwise). */
    async client(options: Parameters<typeof connect>[1] = {}): Promise<Client> {
      const socket: Client = connect(this.url, { transports: ['websocket'], reconnection: false, ...options });
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
      await server?.close();
      server = undefined;
    },
  };
}

function closeClient(socket: Client): Promise<void> {
  const engine = socket.io.engine;
  socket.disconnect();
  if (!engine || engine.readyState === 'closed') return Promise.resolve();
  return Promise.race([new Promise<void>((r) => engine.once('close', () => r())), sleep(500)]);
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
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!filter(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
