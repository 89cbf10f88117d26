/**
 * @jest-environment node
 */
import type { ChildProcess } from 'node:child_process';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { ServerSideEvents, WireAnswer } from '@/realtime/cluster/cluster-events';
import type { RealtimeServer } from '@/realtime/server';
import { eventually, freePort, launch, stop } from '../helpers/processes';
import { startRedis } from '../helpers/redis';
import { metricReaches } from '../helpers/metrics';
import { ask, expectServed, hold, next, page, realtimeHarness, want, type Client } from '../helpers/realtime';

jest.setTimeout(40_000);

const rt = realtimeHarness();
let redis: Awaited<ReturnType<typeof startRedis>>;
const children: ChildProcess[] = [];

beforeEach(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await rt.closeAll();
  await Promise.all(children.splice(0).map((c) => stop(c, 'SIGKILL')));
  await redis.stop('SIGKILL');
});

const PAGE = page('a page held on one node and read on another');
const env = () => ({ REDIS_URL: redis.url, HOLDERS_INTERVAL_MS: '50' });

/** Resolves once `node` hears from `n` other nodes. */
const peersReach = (node: RealtimeServer, n: number) =>
  metricReaches(`http://127.0.0.1:${node.port}`, 'ephemeral_cluster_peers', n);

/** `n` sidecar nodes sharing the test's Redis, once they all see each other. */
async function nodes(n: number, settings: Record<string, string> = {}): Promise<RealtimeServer[]> {
  const started = [];
  for (let i = 0; i < n; i++) started.push(await rt.start({ ...env(), ...settings }));
  await Promise.all(started.map((node) => peersReach(node, n - 1)));
  return started;
}

async function holdOn(node: RealtimeServer, p = PAGE) {
  const peer = await rt.peer({}, node);
  await hold(peer, p);
  return peer;
}

const countReaches = (watcher: Client, n: number, ms = 10_000) =>
  next(watcher, 'page:holders', ms, (p) => p.holders === n);

test('a visitor on one node gets a page held only on another', async () => {
  const [a, b] = await nodes(2);
  await holdOn(a);
  const { ack, served } = await want(await rt.peer({}, b), PAGE);
  expect(ack).toEqual({ ok: true, holders: 1 });
  await served;
});

test('a visitor waiting on one node is served when a holder appears on another', async () => {
  const [a, b] = await nodes(2);
  const { ack, served } = await want(await rt.peer({}, b), PAGE, 10_000);
  expect(ack).toEqual({ ok: true, holders: 0 });
  await holdOn(a);
  await served;
});

test('page:holders counts every holder in the cluster', async () => {
  const [a, b, c] = await nodes(3);
  // The watcher holds the page too: a page's state on a node lives while it has local holders or visitors.
  const { socket: watcher } = await holdOn(c);
  expect(await ask(watcher, 'page:watch', { hash: PAGE.hash, watch: true })).toEqual({ ok: true, holders: 1 });
  const four = countReaches(watcher, 4);
  await holdOn(a);
  await holdOn(a);
  const onB = await holdOn(b);
  await four;
  const three = countReaches(watcher, 3);
  onB.socket.disconnect();
  await three;
});

test('a holder is told when it becomes, and stops being, the only holder in the cluster', async () => {
  const [a, b] = await nodes(2);
  const peer = await rt.peer({}, a);
  const sole = next(peer.socket, 'page:sole');
  await hold(peer, PAGE);
  expect(await sole).toEqual({ hash: PAGE.hash, sole: true });
  // The other node's holder reaches this node through the gossip between nodes.
  const notSole = next(peer.socket, 'page:sole', 10_000);
  const other = await holdOn(b);
  expect(await notSole).toEqual({ hash: PAGE.hash, sole: false });
  const soleAgain = next(peer.socket, 'page:sole', 10_000);
  other.client.close();
  expect(await soleAgain).toEqual({ hash: PAGE.hash, sole: true });
  expect(peer.client.isOnlyHolder(PAGE.hash)).toBe(true);
});

test('visitors on several nodes cost at most one holder request per node (plus a hedge)', async () => {
  const [a, b, c] = await nodes(3);
  const holders = await Promise.all(Array.from({ length: 20 }, () => holdOn(a)));
  const visitors = await Promise.all([
    ...Array.from({ length: 15 }, () => rt.client({}, b)),
    ...Array.from({ length: 15 }, () => rt.client({}, c)),
  ]);
  const contents = visitors.map((v) => next(v, 'page:content'));
  await Promise.all(visitors.map((v) => ask(v, 'page:want', { hash: PAGE.hash })));
  await Promise.all(contents);
  const requests = holders.reduce((n, h) => n + h.seen.requests, 0);
  expect(requests).toBeGreaterThanOrEqual(1);
  expect(requests).toBeLessThanOrEqual(4);
});

test('a fetch targets one node: a third node holding the page is not asked', async () => {
  // No hedge: the one node asked is the only one that may ask a holder.
  const [a, b, c] = await nodes(3, { HEDGE_MS: '60000' });
  const onA = await holdOn(a);
  const onC = await holdOn(c);
  await expectServed(await rt.peer({}, b), PAGE);
  // The want went to one node only (no hedge): the other never heard of this fetch.
  expect(onA.seen.requests + onC.seen.requests).toBe(1);
});

test('a node of the previous version, asking with the cluster:fetch broadcast, is still served (rolling deploy)', async () => {
  const [a] = await nodes(1);
  await holdOn(a);
  // The previous version's way of asking: a server-side event to every node, acked through the adapter.
  const clients = [new Redis(redis.url), new Redis(redis.url)];
  // Listening (on a free port) only so that close() has an engine to close.
  const old = new Server<Record<string, never>, Record<string, never>, ServerSideEvents>(0);
  old.adapter(createAdapter(clients[0], clients[1], { requestsTimeout: 5000 }));
  try {
    const nodeOfA = await new Promise<string>((resolve) => old.on('cluster:beat', resolve));
    const answers = await new Promise<(WireAnswer | null)[]>((resolve, reject) =>
      (old.serverSideEmit as (...args: unknown[]) => void)(
        'cluster:fetch',
        nodeOfA,
        PAGE.hash,
        (err: Error | null, responses: (WireAnswer | null)[]) => (err ? reject(err) : resolve(responses)),
      ),
    );
    expect(answers).toEqual([{ ok: true, base64: PAGE.bytes.toString('base64') }]);
  } finally {
    await old.close();
    await Promise.all(clients.map((c) => c.quit()));
  }
});

test('a local holder is preferred: a page held on both nodes is served without crossing', async () => {
  const [a, b] = await nodes(2);
  const remote = await holdOn(a);
  const local = await holdOn(b);
  await expectServed(await rt.peer({}, b), PAGE);
  expect(local.seen.requests).toBe(1);
  expect(remote.seen.requests).toBe(0);
});

test('a killed node stops being counted and asked within 10 s; the remaining holders serve', async () => {
  const [a] = await nodes(1);
  const port = await freePort();
  const child = launch(process.execPath, ['--import', 'tsx', 'realtime/main.ts'], {
    ...env(),
    REALTIME_PORT: String(port),
    LOG_LEVEL: 'warn',
  });
  children.push(child);
  await eventually(
    async () => {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status !== 200) throw new Error('not up');
    },
    20_000,
    'child node up',
  );
  await peersReach(a, 1);

  const watcher = await rt.peer({}, a);
  const one = countReaches(watcher.socket, 1);
  const { served: fromChild } = await want(watcher, PAGE, 10_000);

  const doomed = await rt.peer({}, `http://127.0.0.1:${port}`);
  await hold(doomed, PAGE);
  await one;
  await fromChild;
  // Served, it holds the page and watches its count, as a tab showing the page does.
  await hold(watcher, PAGE);
  expect(await ask(watcher.socket, 'page:watch', { hash: PAGE.hash, watch: true })).toMatchObject({ ok: true });

  const three = countReaches(watcher.socket, 3);
  await holdOn(a);
  await three;

  const killedAt = Date.now();
  await stop(child, 'SIGKILL');
  doomed.client.close();
  await countReaches(watcher.socket, 2, 10_000);
  expect(Date.now() - killedAt).toBeLessThan(10_000);
  await peersReach(a, 0);
  await expectServed(await rt.peer({}, a), PAGE);
});

test('while Redis is down nodes serve local pages, and they rejoin when it is back', async () => {
  const [a, b] = await nodes(2);
  await holdOn(a);
  await redis.stop('SIGKILL');

  await expectServed(await rt.peer({}, a), PAGE);

  redis = await startRedis(redis.port);
  await expectServed(await rt.peer({}, b), PAGE, 15_000);
});

test('Redis holds no page bytes after cross-node traffic', async () => {
  const [a, b] = await nodes(2);
  const secret = page(`secret-${'s'.repeat(2000)}`);
  await holdOn(a, secret);
  for (let i = 0; i < 5; i++) await expectServed(await rt.peer({}, b), secret);
  const client = new Redis(redis.url);
  try {
    const keys = await client.keys('*');
    const values = await Promise.all(keys.map((k) => client.dump(k)));
    const dumped = Buffer.concat(values.filter((v): v is string => v !== null).map((v) => Buffer.from(v, 'binary')));
    expect(dumped.includes('secret-')).toBe(false);
    expect(dumped.includes(secret.bytes.toString('base64').slice(0, 40))).toBe(false);
  } finally {
    client.disconnect();
  }
});
