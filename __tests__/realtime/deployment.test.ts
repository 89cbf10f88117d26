/**
 * @jest-environment node
 */
import { startRedis } from '../helpers/redis';
import { eventually, freePort } from '../helpers/processes';
import { sidecarProcess } from '../helpers/sidecar-process';
import { ask, expectServed, hold, next, page, readMetrics, realtimeHarness } from '../helpers/realtime';
import type { RealtimeServer } from '@/realtime/server';

jest.setTimeout(40_000);

const rt = realtimeHarness();
let redis: Awaited<ReturnType<typeof startRedis>>;

beforeEach(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await rt.closeAll();
  await redis.stop('SIGKILL');
});

const PAGE = page('a page whose holders outlive a deploy');

async function health(url: string) {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: await res.json() };
}

const urlOf = (node: RealtimeServer) => `http://127.0.0.1:${node.port}`;

async function peersReach(node: RealtimeServer, n: number) {
  await eventually(async () => {
    if ((await readMetrics(urlOf(node))).ephemeral_cluster_peers !== n) throw new Error('not yet');
  });
}

describe('/healthz', () => {
  test('a node alone is ok; a joined node says so with its peers', async () => {
    const alone = await rt.start();
    expect(await health(urlOf(alone))).toEqual({ status: 200, body: { status: 'ok', cluster: 'standalone' } });
    const a = await rt.start({ REDIS_URL: redis.url });
    const b = await rt.start({ REDIS_URL: redis.url });
    await peersReach(a, 1);
    await peersReach(b, 1);
    expect(await health(urlOf(a))).toEqual({ status: 200, body: { status: 'ok', cluster: 'joined', peers: 1 } });
    expect((await readMetrics(urlOf(a))).ephemeral_cluster_degraded).toBe(0);
  });

  test('a node whose REDIS_URL reaches no Redis is degraded (503) and says why', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const node = await rt.start({ REDIS_URL: nowhere });
    expect(await health(urlOf(node))).toEqual({
      status: 503,
      body: { status: 'degraded', cluster: 'not joined', peers: 0, reason: expect.stringContaining('REDIS_URL') },
    });
    expect((await readMetrics(urlOf(node))).ephemeral_cluster_degraded).toBe(1);
  });
});

describe('leaving the cluster', () => {
  test('a closing node is uncounted by the others at once, not after three missed beats', async () => {
    // Beats a minute apart: only the goodbye can explain a prompt recount.
    const env = { REDIS_URL: redis.url, HOLDERS_INTERVAL_MS: '50', CLUSTER_BEAT_MS: '60000' };
    const a = await rt.start(env);
    const b = await rt.start(env);
    await peersReach(b, 1);
    await hold(await rt.peer({}, a), PAGE);
    const watcher = await rt.peer({}, b);
    await hold(watcher, PAGE);
    expect(watcher.client.holders(PAGE.hash)).toBe(2);
    // A v2 holder is sent counts only while it shows them.
    expect(await ask(watcher.socket, 'page:watch', { hash: PAGE.hash, watch: true })).toMatchObject({ ok: true });

    const one = next(watcher.socket, 'page:holders', 10_000, (p) => p.holders === 1);
    await a.close();
    await one;
    expect((await readMetrics(urlOf(b))).ephemeral_cluster_peers).toBe(0);
  });
});

describe('SIGTERM', () => {
  test('drains (503 while still serving) for DRAIN_MS, then says goodbye and exits 0, logging each step', async () => {
    const node = await sidecarProcess({ DRAIN_MS: '1500', LOG_LEVEL: 'info' });
    await hold(await rt.peer({}, node.url), PAGE);

    const exited = node.signal('SIGTERM');
    await eventually(async () => {
      if ((await health(node.url)).status !== 503) throw new Error('still 200');
    });
    expect((await health(node.url)).body).toMatchObject({ status: 'draining' });
    // Still serving while draining: a visitor arriving now gets the page.
    await expectServed(await rt.peer({}, node.url), PAGE);

    expect(await exited).toBe(0);
    const steps = node
      .log()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).msg);
    expect(steps).toEqual(
      expect.arrayContaining([
        'shutting down',
        'draining: /healthz answers 503, connections are still served',
        'closing: telling the other nodes, disconnecting clients',
        'realtime sidecar closed',
      ]),
    );
    expect(steps.indexOf('draining: /healthz answers 503, connections are still served')).toBeLessThan(
      steps.indexOf('closing: telling the other nodes, disconnecting clients'),
    );
  });
});
