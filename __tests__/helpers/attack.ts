import { io as connect } from 'socket.io-client';
import { ask, next, page, readMetrics, type Client } from './realtime';

/**
 * Real socket.io-client connections to a sidecar process (fault tests), all
 * closed by `closeAll()`.
 */
export function clientsOf(url: () => string) {
  const open: Client[] = [];
  return {
    async client(options: Parameters<typeof connect>[1] = {}): Promise<Client> {
      const socket: Client = connect(url(), { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
      open.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    closeAll() {
      for (const socket of open.splice(0)) socket.disconnect();
    },
  };
}

/**
 * An honest holder and an honest visitor of a fresh page: resolves with how
 * long the visitor waited for its verified bytes (rejects after `ms`).
 */
export async function honestRelayMs(client: () => Promise<Client>, ms = 5000): Promise<number> {
  const p = page(`honest ${Math.random()}`);
  const holder = await client();
  holder.on('page:request', (_ref, answer) => answer({ ok: true, bytes: p.bytes }));
  await ask(holder, 'page:have', { hash: p.hash });
  const visitor = await client();
  const started = performance.now();
  const content = next(visitor, 'page:content', ms);
  await ask(visitor, 'page:want', { hash: p.hash });
  const { bytes } = await content;
  const waited = performance.now() - started;
  if (!Buffer.from(bytes as Buffer).equals(p.bytes)) throw new Error('the honest visitor got other bytes');
  holder.disconnect();
  visitor.disconnect();
  return waited;
}

/** The sidecar's live page state, from /metrics. */
export async function pageState(url: string) {
  const m = await readMetrics(url);
  return { pages: m.ephemeral_pages, waiting: m.ephemeral_waiting_visitors, connections: m.ephemeral_connections };
}
