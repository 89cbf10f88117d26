import { io as connect } from 'socket.io-client';
import type { RelayClient } from '@/lib/relay-client';
import { connectPeer, expectServed, hold, page, readMetrics, type Client, type Peer } from './realtime';
import { sidecarProcess } from './sidecar-process';

/**
 * Real connections to a sidecar process (fault tests): bare sockets and relay
 * clients, all closed by `closeAll()`.
 */
function clientsOf(url: () => string) {
  const open: Client[] = [];
  const peers: RelayClient[] = [];
  return {
    /** The app's relay client, connected. */
    async peer(): Promise<Peer> {
      const peer = await connectPeer(url(), { forceNew: true });
      peers.push(peer.client);
      return peer;
    },
    async client(options: Parameters<typeof connect>[1] = {}): Promise<Client> {
      const socket: Client = connect(url(), {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        ...options,
      });
      open.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    closeAll() {
      for (const client of peers.splice(0)) client.close();
      for (const socket of open.splice(0)) socket.disconnect();
    },
  };
}

/**
 * A fresh sidecar process for each test that calls `start()`, and the
 * connections to it (`net`); both are ended after each test.
 */
export function sidecarPerTest() {
  let current: Awaited<ReturnType<typeof sidecarProcess>> | undefined;
  const sidecar = () => {
    if (!current) throw new Error('start() the sidecar first');
    return current;
  };
  const net = clientsOf(() => sidecar().url);
  afterEach(async () => {
    net.closeAll();
    await current?.stop();
    current = undefined;
  });
  return { net, sidecar, start: async (env?: Record<string, string>) => (current = await sidecarProcess(env)) };
}

/**
 * An honest holder and an honest visitor of a fresh page: resolves once the
 * visitor has its verified bytes, rejects if it has none after `ms` (a
 * deadline for a hang, not a speed bound: speed is the benchmark's).
 */
export async function honestVisitorServed(peer: () => Promise<Peer>, ms = 5000): Promise<void> {
  const p = page(`honest ${Math.random()}`);
  const holder = await peer();
  await hold(holder, p);
  const visitor = await peer();
  await expectServed(visitor, p, ms);
  holder.client.close();
  visitor.client.close();
}

/** The sidecar's live page state, from /metrics. */
export async function pageState(url: string) {
  const m = await readMetrics(url);
  return { pages: m.ephemeral_pages, waiting: m.ephemeral_waiting_visitors, connections: m.ephemeral_connections };
}
