/**
 * @jest-environment node
 */
import { randomBytes } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { EVENT_BUDGET_WINDOW_MS } from '@/lib/limits';
import type { Refusal } from '@/lib/protocol';
import { honestVisitorServed, sidecarPerTest } from '../helpers/attack';
import { eventually } from '../helpers/processes';
import { ask, page, readMetrics, type Client } from '../helpers/realtime';

// Issue 10, case 6: nothing was per client address.
jest.setTimeout(90_000);

const { net, sidecar, start } = sidecarPerTest();

/** Connects (as `address` through the trusted proxy header when given); resolves the socket or the refusal. */
function attempt(address?: string): Promise<Client | Refusal> {
  return new Promise((resolve) => {
    const socket: Client = connect(sidecar().url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(address ? { extraHeaders: { 'fly-client-ip': address } } : {}),
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve((err as Error & { data: Refusal }).data);
    });
  });
}

const isRefusal = (r: Client | Refusal): r is Refusal => 'code' in r;

test('CONNECTIONS_PER_ADDRESS: one more is refused too_many_connections; other addresses are not; closing frees the places', async () => {
  await start({ CONNECTIONS_PER_ADDRESS: '20', TRUST_PROXY_HEADER: 'Fly-Client-IP' });
  const first = await Promise.all(Array.from({ length: 20 }, () => attempt('203.0.113.7')));
  expect(first.filter(isRefusal)).toEqual([]);
  expect(await attempt('203.0.113.7')).toMatchObject({
    code: 'too_many_connections',
    message: expect.stringMatching(/at most 20/),
  });
  const other = await attempt('198.51.100.1');
  expect(isRefusal(other)).toBe(false);
  await honestVisitorServed(() => net.peer());

  for (const s of first) (s as Client).disconnect();
  (other as Client).disconnect();
  // Every place is given back when its connection closes.
  await eventually(
    async () => {
      const again = await Promise.all(Array.from({ length: 20 }, () => attempt('203.0.113.7')));
      for (const s of again) if (!isRefusal(s)) s.disconnect();
      expect(again.filter(isRefusal)).toEqual([]);
    },
    5000,
    'the address may connect 20 times again',
  );
});

test('without TRUST_PROXY_HEADER the header is ignored: the socket address counts', async () => {
  await start({ CONNECTIONS_PER_ADDRESS: '5' });
  const five = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => attempt(`192.0.2.${n.charCodeAt(0)}`)));
  expect(five.filter(isRefusal)).toEqual([]);
  expect(await attempt('192.0.2.200')).toMatchObject({ code: 'too_many_connections' });
  for (const s of five) (s as Client).disconnect();
});

test('EVENTS_PER_ADDRESS is shared by all connections of an address', async () => {
  const budget = 150;
  await start({ EVENTS_PER_ADDRESS: String(budget) });
  // Three connections of one address, each sending 100 wants: well within its own budget, twice the address's together.
  const connections = await Promise.all([net.client(), net.client(), net.client()]);
  const P = page('shared budget');
  const perConnection = 100;
  const sent = connections.length * perConnection;
  let accepted = 0;
  let lastAccepted = 0;
  const started = performance.now();
  for (const c of connections) {
    for (let i = 0; i < perConnection; i++) {
      c.emit('page:want', { hash: P.hash }, (reply) => {
        if (!reply.ok) return;
        accepted++;
        lastAccepted = performance.now();
      });
    }
  }
  // Past its budget a connection's refusals stop being answered (PROTOCOL.md, Limits), but each is
  // counted: every want is decided once the accepted and the refused add up to all that was sent.
  await eventually(
    async () => {
      const refused = (await readMetrics(sidecar().url))['ephemeral_rejected_events_total{error="rate_limited"}'] ?? 0;
      expect(accepted + refused).toBe(sent);
    },
    30_000,
    'every want accepted or refused',
  );
  // The address's budget, and no less: none of these connections is over its own.
  expect(accepted).toBeGreaterThanOrEqual(budget);
  // No more than the address's budget plus what it refilled (budget per 10 s) between the first want
  // sent and the last one accepted, however long this machine took: not a budget per connection.
  const refilled = Math.floor((budget * (lastAccepted - started)) / EVENT_BUDGET_WINDOW_MS);
  expect(accepted).toBeLessThanOrEqual(budget + refilled);
});

test('a liar reconnecting in a loop with 1 MB of garbage: evictions stay within EVICTIONS_PER_ADDRESS, then the address is refused; honest visitors are served throughout', async () => {
  await start({
    PAGE_MAX_BYTES: String(1024 * 1024),
    EVICTIONS_PER_ADDRESS: '20',
    TRUST_PROXY_HEADER: 'Fly-Client-IP',
  });
  const P = page('a page a liar keeps claiming');
  const waiting = await net.client();
  await ask(waiting, 'page:want', { hash: P.hash });
  const garbage = randomBytes(1024 * 1024);

  let refused = 0;
  let finished = false;
  const loop = (async () => {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const liar = await attempt('203.0.113.66');
      if (isRefusal(liar)) {
        refused++;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      liar.on('page:request', (_ref, answer) => answer({ ok: true, bytes: garbage }));
      const gone = new Promise((r) => {
        liar.once('page:evicted', r);
        liar.once('disconnect', r);
      });
      await ask(liar, 'page:have', { hash: P.hash });
      await gone;
      liar.disconnect();
    }
  })().finally(() => (finished = true));
  let honestServed = 0;
  for (; !finished; honestServed++) await honestVisitorServed(() => net.peer());
  await loop;
  const m = await readMetrics(sidecar().url);
  const evictions = m['ephemeral_evictions_total{reason="bad_bytes"}'];
  // 20 per minute, refilling: at most one more in 5 s.
  expect(evictions).toBeLessThanOrEqual(22);
  expect(refused).toBeGreaterThan(0);
  expect(honestServed).toBeGreaterThan(0);
});
