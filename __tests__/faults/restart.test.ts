/**
 * @jest-environment node
 */
import { io as connect } from 'socket.io-client';
import type { ConnectionStatus, RelayClient } from '@/lib/relay-client';
import { eventually } from '../helpers/processes';
import { sidecarProcess } from '../helpers/sidecar-process';
import { ask, connectPeer, expectServed, hold, next, page, type Client } from '../helpers/realtime';

jest.setTimeout(60_000);

const PAGE = page('MARKER-7f3a: a page that must survive its relay restarting');
let sidecar: Awaited<ReturnType<typeof sidecarProcess>>;
const clients: Client[] = [];
const relayClients: RelayClient[] = [];

beforeAll(async () => {
  sidecar = await sidecarProcess();
});
afterEach(() => {
  for (const c of relayClients.splice(0)) c.close();
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(() => sidecar.stop());

/** A holder that behaves like a tab: the app's relay client, reconnecting and re-announcing its page. */
async function tabHolding(): Promise<RelayClient> {
  const peer = await connectPeer(sidecar.url, {
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  relayClients.push(peer.client);
  await hold(peer, PAGE);
  return peer.client;
}

/** A new visitor is sent the page within `ms`. */
async function visitorServed(ms: number) {
  const visitor = await connectPeer(sidecar.url);
  relayClients.push(visitor.client);
  await expectServed(visitor, PAGE, ms);
}

test('SIGKILL and restart: holders reconnect and re-announce, and a new visitor gets the page within 5 s', async () => {
  await Promise.all([tabHolding(), tabHolding()]);
  await visitorServed(5000);

  expect(await sidecar.signal('SIGKILL')).toBeNull();
  await sidecar.start();
  await visitorServed(5000);
});

test('SIGTERM drains: clients are told to come back, the process exits 0, and they re-announce after restart', async () => {
  const holder = await tabHolding();
  const changed = new Promise<ConnectionStatus>((resolve) => {
    const stop = holder.on('connection', (status) => {
      stop();
      resolve(status);
    });
  });
  expect(await sidecar.signal('SIGTERM')).toBe(0);
  // Told to come back: the transport closed and the client is reconnecting, not given up.
  expect(await changed).toEqual({ state: 'reconnecting' });
  await sidecar.start();
  await visitorServed(5000);
});

/** A liar and an honest holder, and visitors until the liar has been asked; resolves with its eviction. */
async function liarEvicted() {
  const liar: Client = connect(sidecar.url, { transports: ['websocket'], reconnection: false });
  clients.push(liar);
  liar.on('page:request', (_ref, answer) => answer({ ok: true, bytes: Buffer.from('MARKER-7f3a forged') }));
  await new Promise((r) => liar.once('connect', () => r(undefined)));
  await ask(liar, 'page:have', { hash: PAGE.hash });
  const evicted = next(liar, 'page:evicted');
  await tabHolding();
  for (let i = 0; i < 2; i++) await visitorServed(5000);
  return evicted;
}

/** Resolves once the sidecar has logged a line matching `pattern` since `from` (a log offset). */
const logged = (pattern: RegExp, from = 0) =>
  eventually(() => expect(sidecar.log().slice(from)).toMatch(pattern), 5000, `log ${pattern}`);

test('a lying holder is evicted and logged as such', async () => {
  const from = sidecar.log().length;
  expect(await liarEvicted()).toMatchObject({ reason: 'bad_bytes' });
  await logged(/holder evicted/, from);
});

test('the sidecar log, at debug level, never contains page bytes', async () => {
  // Its own traffic, so it holds run alone too: connections, relays, forged bytes, an eviction.
  const from = sidecar.log().length;
  await liarEvicted();
  await logged(/holder evicted/, from);
  await logged(/"msg":"connected"/, from);
  const log = sidecar.log();
  expect(log).not.toContain('MARKER-7f3a');
  expect(log).not.toContain(PAGE.bytes.toString('base64').slice(0, 24));
});
