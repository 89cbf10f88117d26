/**
 * @jest-environment node
 */
import { io as connect } from 'socket.io-client';
import type { Ack } from '@/lib/protocol';
import { metricReaches } from '../helpers/metrics';
import { ask, expectServed, hold, page, readMetrics, realtimeHarness, sleep, type Client } from '../helpers/realtime';
import { eventually } from '../helpers/processes';

jest.setTimeout(120_000);

const rt = realtimeHarness();
afterEach(() => rt.closeAll());

const metrics = () => readMetrics(rt.url);

async function relayStillWorks() {
  const p = page(`still working ${Math.random()}`);
  const holder = await rt.peer();
  await hold(holder, p);
  const visitor = await rt.peer();
  await expectServed(visitor, p);
  holder.client.close();
  visitor.client.close();
}

test('thousands of distinct hashes from one connection: clear errors, then silence, then disconnected; nothing left once it goes', async () => {
  await rt.start({ HOLDERS_INTERVAL_MS: '20' });
  const abuser = await rt.client();
  const answered: Ack[] = [];
  for (let i = 0; i < 3000 && abuser.connected; i++) {
    (abuser.emit as (...args: unknown[]) => void)(
      i % 2 ? 'page:want' : 'page:have',
      { hash: page(`p${i}`).hash },
      (r: Ack) => answered.push(r),
    );
    // Paced in bursts of 50, under the per-burst packet cap: this is about the page limit and the budget.
    if (i % 50 === 49) await sleep(10);
  }
  await eventually(() => expect(abuser.connected).toBe(false), 5000, 'the abuser disconnected');
  const codes = new Map<string, number>();
  for (const r of answered) {
    const key = r.ok ? 'ok' : r.error;
    codes.set(key, (codes.get(key) ?? 0) + 1);
  }
  expect(codes.get('ok')).toBe(64);
  expect(codes.get('too_many_pages')).toBeGreaterThan(150);
  expect(answered.length).toBeLessThan(400);

  await eventually(async () => expect((await metrics()).ephemeral_pages).toBe(0), 5000, 'pages back to 0');
  await relayStillWorks();
});

test('thousands of connections opening, holding, wanting and closing leave no page, visitor or handle behind', async () => {
  await rt.start({ HOLDERS_INTERVAL_MS: '20' });
  await relayStillWorks();
  await metricReaches(rt.url, 'ephemeral_connections', 0);
  const baseline = await metrics();

  for (let round = 0; round < 10; round++) {
    const batch: Client[] = await Promise.all(
      Array.from({ length: 200 }, () => {
        const s: Client = connect(rt.url, { transports: ['websocket'], reconnection: false });
        return new Promise<Client>((r) => s.once('connect', () => r(s)));
      }),
    );
    await Promise.all(
      batch.map((s, i) => ask(s, i % 3 ? 'page:have' : 'page:want', { hash: page(`churn ${round}-${i % 17}`).hash })),
    );
    for (const s of batch) s.disconnect();
  }

  await eventually(
    async () => {
      const now = await metrics();
      expect(now.ephemeral_connections).toBe(0);
      expect(now.ephemeral_pages).toBe(0);
      expect(now.ephemeral_waiting_visitors).toBe(0);
      // Sockets and timers: back where they were before the churn.
      expect(now.ephemeral_nodejs_active_handles_total).toBeLessThanOrEqual(
        baseline.ephemeral_nodejs_active_handles_total,
      );
    },
    10_000,
    'state back to baseline',
  );
  await relayStillWorks();
});
