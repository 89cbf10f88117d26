/**
 * @jest-environment node
 */
import { metricReaches } from '../helpers/metrics';
import {
  ask,
  expectServed,
  hold,
  next,
  page,
  readMetrics,
  realtimeHarness,
  serve,
  sleep,
  want,
  type Peer,
} from '../helpers/realtime';

// 250 real connections: generous on a shared, loaded machine; every wait below is for a condition.
jest.setTimeout(20_000);

const rt = realtimeHarness();
afterEach(() => rt.closeAll());

const PAGE = page('# Hello\n\nThis page lives only in the tabs that hold it.\n');

async function holders(n: number) {
  const list: Peer[] = [];
  for (let i = 0; i < n; i++) {
    const peer = await rt.peer();
    await hold(peer, PAGE);
    list.push(peer);
  }
  return list;
}

const totalRequests = (list: { seen: { requests: number } }[]) => list.reduce((n, h) => n + h.seen.requests, 0);

test('200 holders and 50 simultaneous visitors: at most 2 holder requests, one page:content per visitor', async () => {
  await rt.start();
  const crowd = await holders(200);
  const visitors = await Promise.all(Array.from({ length: 50 }, () => rt.client()));
  const received = visitors.map(() => [] as Buffer[]);
  visitors.forEach((v, i) => v.on('page:content', ({ bytes }) => received[i].push(Buffer.from(bytes as Buffer))));

  const acks = await Promise.all(visitors.map((v) => ask(v, 'page:want', { hash: PAGE.hash })));
  expect(acks.every((a) => a.ok && a.holders === 200)).toBe(true);
  await Promise.all(visitors.filter((_, i) => received[i].length === 0).map((v) => next(v, 'page:content')));
  // A negative window: no second page:content or holder request arrives late.
  await sleep(100);

  expect(totalRequests(crowd)).toBeLessThanOrEqual(2);
  expect(received.map((r) => r.length)).toEqual(Array(50).fill(1));
  expect(received.every(([b]) => b.equals(PAGE.bytes))).toBe(true);
});

test('a lying holder is evicted and the next holder serves the visitor', async () => {
  await rt.start({ HEDGE_MS: '60000' });
  const liar = await rt.client();
  serve(liar, Buffer.alloc(PAGE.bytes.length, 0x61));
  await ask(liar, 'page:have', { hash: PAGE.hash });
  const [honest] = await holders(1);
  const evicted = next(liar, 'page:evicted');

  // Two visitors in turn: whichever holder is asked first, the liar is asked once.
  for (let i = 0; i < 2; i++) await expectServed(await rt.peer(), PAGE);
  expect(await evicted).toEqual({ hash: PAGE.hash, reason: 'bad_bytes' });
  expect(honest.seen.requests).toBe(2);
  expect(await ask(liar, 'page:have', { hash: PAGE.hash })).toMatchObject({ ok: false, error: 'bad_request' });
});

test('a silent holder is skipped after REQUEST_TIMEOUT_MS and evicted; the visitor is served', async () => {
  await rt.start({ REQUEST_TIMEOUT_MS: '300', HEDGE_MS: '60000' });
  const silent = await rt.client();
  const asked = next(silent, 'page:request');
  await ask(silent, 'page:have', { hash: PAGE.hash });
  const { served } = await want(await rt.peer(), PAGE);
  await asked;
  const evicted = next(silent, 'page:evicted');
  await holders(1);

  expect(await evicted).toEqual({ hash: PAGE.hash, reason: 'timeout' });
  await served;
});

test('a holder answering oversize bytes is evicted as too_large', async () => {
  await rt.start({ PAGE_MAX_BYTES: '1024' });
  const big = await rt.client();
  serve(big, Buffer.alloc(1025));
  await ask(big, 'page:have', { hash: PAGE.hash });
  const evicted = next(big, 'page:evicted');
  const visitor = await rt.client();
  await ask(visitor, 'page:want', { hash: PAGE.hash });
  expect(await evicted).toEqual({ hash: PAGE.hash, reason: 'too_large' });
});

test('a visitor waiting on a page with no holder is served the moment one announces', async () => {
  await rt.start();
  const { ack, served } = await want(await rt.peer(), PAGE);
  expect(ack).toEqual({ ok: true, holders: 0 });
  expect((await readMetrics(rt.url)).ephemeral_waiting_visitors).toBe(1);
  await holders(1);
  await served;
});

test('an asked holder that disconnects is replaced at once, without waiting for hedge or timeout', async () => {
  // Longer than the 5 s the visitor waits; short, because Socket.IO keeps the ack timer of a closed socket running.
  await rt.start({ HEDGE_MS: '6000', REQUEST_TIMEOUT_MS: '6000' });
  const quitter = await rt.client();
  quitter.on('page:request', () => quitter.disconnect());
  await ask(quitter, 'page:have', { hash: PAGE.hash });
  const [stayer] = await holders(1);
  // Make sure the quitter is the one asked first: the stayer leaves and returns after the visitor.
  await ask(stayer.socket, 'page:leave', { hash: PAGE.hash });
  const { served } = await want(await rt.peer(), PAGE);
  // The stayer returns once the server has seen the asked quitter go (stayer and visitor remain).
  await metricReaches(rt.url, 'ephemeral_connections', 2);
  await ask(stayer.socket, 'page:have', { hash: PAGE.hash });
  await served;
});

test('holder counts follow joins, leaves and disconnects, for a holder that watches them', async () => {
  await rt.start({ HOLDERS_INTERVAL_MS: '50' });
  const [watcher] = await holders(1);
  expect(await ask(watcher.socket, 'page:watch', { hash: PAGE.hash, watch: true })).toEqual({ ok: true, holders: 1 });
  const countIs = (n: number) => next(watcher.socket, 'page:holders', 3000, (p) => p.holders === n);

  const four = countIs(4);
  const [a, b, c] = await holders(3);
  expect(await four).toEqual({ hash: PAGE.hash, holders: 4 });

  const three = countIs(3);
  expect(await ask(a.socket, 'page:leave', { hash: PAGE.hash })).toEqual({ ok: true });
  await three;

  const two = countIs(2);
  b.socket.disconnect();
  await two;
  expect(await ask(c.socket, 'page:have', { hash: PAGE.hash })).toEqual({ ok: true, holders: 2 });
});

test('a page of exactly PAGE_MAX_BYTES relays over websocket and over long-polling', async () => {
  await rt.start();
  const big = page('x'.repeat(1_048_576));
  await hold(await rt.peer(), big);
  for (const transports of [['websocket'], ['polling']]) await expectServed(await rt.peer({ transports }), big, 10_000);
});
