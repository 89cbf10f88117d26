/**
 * @jest-environment node
 */
import { io as connect } from 'socket.io-client';
import type { Ack } from '@/lib/protocol';
import { loadConfig } from '@/realtime/ops/config';
import { EVENT_BUDGET_WINDOW_MS } from '@/lib/limits';
import { ACKED_REFUSALS, eventBudget } from '@/realtime/guards/rate-limit';
import { eventually } from '../helpers/processes';
import { metricReaches } from '../helpers/metrics';
import { ask, expectServed, hold, page, readMetrics, realtimeHarness, sleep } from '../helpers/realtime';

const rt = realtimeHarness();
afterEach(() => rt.closeAll());

const PAGE = page('boundary test page');

const metric = async (name: string) => (await readMetrics(rt.url))[name] ?? NaN;

describe('malformed payloads', () => {
  const badRequests: [string, unknown][] = [
    ['no payload', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', PAGE.hash],
    ['an array', [PAGE.hash]],
    ['an empty object', {}],
    ['a numeric hash', { hash: 42 }],
    ['an object hash', { hash: { toString: PAGE.hash } }],
  ];
  const badHashes: [string, unknown][] = [
    ['a short hash', { hash: 'abc' }],
    ['an uppercase hash', { hash: PAGE.hash.toUpperCase() }],
    ['a non-hex hash', { hash: 'z'.repeat(64) }],
    ['a hash with a path', { hash: `${PAGE.hash}/x` }],
  ];

  for (const event of ['page:have', 'page:want', 'page:leave'] as const) {
    test.each(badRequests)(`${event} with %s answers bad_request`, async (_what, payload) => {
      await rt.start();
      const socket = await rt.client();
      expect(await ask(socket, event, payload)).toMatchObject({ ok: false, error: 'bad_request' });
    });
    test.each(badHashes)(`${event} with %s answers bad_hash`, async (_what, payload) => {
      await rt.start();
      const socket = await rt.client();
      const reply = await ask(socket, event, payload);
      expect(reply).toMatchObject({ ok: false, error: 'bad_hash' });
      expect(reply.ok === false && reply.message).toMatch(/64 lowercase hex/);
    });
  }

  test('events without an ack, an ack alone, and unknown events neither throw nor drop the connection', async () => {
    await rt.start();
    const socket = await rt.client();
    const raw = socket as unknown as { emit: (...args: unknown[]) => void };
    raw.emit('page:have', { hash: PAGE.hash });
    raw.emit('page:want');
    raw.emit('page:leave', 'x', 'y', 'z');
    const alone = await new Promise((resolve) => raw.emit('page:want', resolve));
    expect(alone).toMatchObject({ ok: false, error: 'bad_request' });
    const unknown = await new Promise((resolve) => raw.emit('page:delete', { hash: PAGE.hash }, resolve));
    expect(unknown).toMatchObject({ ok: false, error: 'bad_request' });
    raw.emit('page:request', { hash: PAGE.hash });

    expect(socket.connected).toBe(true);
    expect(await ask(socket, 'page:have', { hash: PAGE.hash })).toEqual({ ok: true, holders: 1 });
  });

  test('a packet over maxHttpBufferSize closes only that connection; others keep relaying', async () => {
    await rt.start({ PAGE_MAX_BYTES: '1024' });
    await hold(await rt.peer(), PAGE);
    const abuser = await rt.client();
    const gone = new Promise((r) => abuser.once('disconnect', r));
    abuser.emit('page:have', { hash: 'x'.repeat(200_000) } as never, () => {});
    await gone;
    await expectServed(await rt.peer(), PAGE);
  });
});

describe('limits', () => {
  test('a connection holding PAGES_PER_CONNECTION pages gets too_many_pages for one more, and keeps the others', async () => {
    await rt.start({ PAGES_PER_CONNECTION: '3' });
    const socket = await rt.client();
    const pages = ['a', 'b', 'c', 'd'].map((t) => page(t));
    for (const p of pages.slice(0, 3)) expect((await ask(socket, 'page:have', { hash: p.hash })).ok).toBe(true);

    const refused = await ask(socket, 'page:want', { hash: pages[3].hash });
    expect(refused).toMatchObject({ ok: false, error: 'too_many_pages' });
    expect(await ask(socket, 'page:have', { hash: pages[0].hash })).toEqual({ ok: true, holders: 1 });

    await ask(socket, 'page:leave', { hash: pages[0].hash });
    expect((await ask(socket, 'page:have', { hash: pages[3].hash })).ok).toBe(true);
  });

  test('a flood from one connection: a few refusals answered rate_limited, then silence, then disconnected far past its budget; another relay unaffected', async () => {
    const settings = { PAGES_PER_CONNECTION: '64' };
    await rt.start(settings);
    const budget = eventBudget(loadConfig(settings).pagesPerConnection);
    const flooder = await rt.client();
    const replies: Ack[] = [];
    const started = Date.now();
    // Past the budget, and past the refusals the sidecar puts up with before it disconnects.
    for (let i = 0; i < 4 * budget && flooder.connected; i++) {
      (flooder.emit as (...args: unknown[]) => void)(
        i % 2 ? 'page:leave' : 'page:have',
        { hash: PAGE.hash },
        (r: Ack) => replies.push(r),
      );
      // Paced in bursts of 50, under the per-burst packet cap: this is about the budget.
      if (i % 50 === 49) await sleep(10);
    }
    await eventually(() => expect(flooder.connected).toBe(false), 5000, 'the flooder disconnected');
    const limited = replies.filter((r) => !r.ok && r.error === 'rate_limited');
    // The budget, plus what it refilled while the flood lasted.
    const refilled = Math.ceil((budget * (Date.now() - started)) / EVENT_BUDGET_WINDOW_MS);
    const accepted = replies.filter((r) => r.ok).length;
    expect(accepted).toBeGreaterThanOrEqual(budget);
    expect(accepted).toBeLessThanOrEqual(budget + refilled);
    // At most ACKED_REFUSALS answered refusals after each accepted event past the budget; the rest unanswered.
    expect(limited.length).toBeGreaterThanOrEqual(ACKED_REFUSALS);
    expect(limited.length).toBeLessThanOrEqual(ACKED_REFUSALS * (accepted - budget + 1));
    expect(limited[0]).toMatchObject({ message: expect.stringMatching(/too many/) });

    const other = page('someone else');
    await hold(await rt.peer(), other);
    await expectServed(await rt.peer(), other);
  });

  test('a tab re-announcing all its pages at once after a reconnect is not rate limited', async () => {
    await rt.start();
    const socket = await rt.client();
    const replies = await Promise.all(
      Array.from({ length: 64 }, (_, i) => ask(socket, 'page:have', { hash: page(`p${i}`).hash })),
    );
    expect(replies.every((r) => r.ok)).toBe(true);
  });
});

describe('origins', () => {
  const handshake = (origin?: string) =>
    new Promise<string>((resolve) => {
      const socket = connect(rt.url, {
        transports: ['polling'],
        reconnection: false,
        extraHeaders: origin ? { origin } : {},
      });
      socket.once('connect', () => {
        socket.disconnect();
        resolve('accepted');
      });
      socket.once('connect_error', () => resolve('refused'));
    });

  test('only CORS_ORIGIN browsers, and clients sending no Origin, may connect', async () => {
    await rt.start({ CORS_ORIGIN: 'https://ephemeral.example,http://localhost:3000' });
    expect(await handshake('https://ephemeral.example')).toBe('accepted');
    expect(await handshake('http://localhost:3000')).toBe('accepted');
    expect(await handshake(undefined)).toBe('accepted');
    expect(await handshake('https://evil.example')).toBe('refused');
    // The accepted clients' goodbyes are polling requests: the server has them before it closes.
    await metricReaches(rt.url, 'ephemeral_connections', 0);
  });
});

describe('operations', () => {
  test('/healthz answers 200 and /metrics counts the relay', async () => {
    await rt.start();
    expect((await fetch(`${rt.url}/healthz`)).status).toBe(200);
    await hold(await rt.peer(), PAGE);
    await expectServed(await rt.peer(), PAGE);

    expect(await metric('ephemeral_connections')).toBe(2);
    expect(await metric('ephemeral_pages')).toBe(1);
    expect(await metric('ephemeral_holder_requests_total')).toBe(1);
    expect(await metric('ephemeral_bytes_relayed_total')).toBe(PAGE.bytes.length);
    expect(await metric('ephemeral_verification_failures_total')).toBe(0);
    expect(await metric('ephemeral_request_timeouts_total')).toBe(0);
    expect((await fetch(`${rt.url}/nope`)).status).toBe(404);
  });

  test('no page state is left once a page has neither holders nor visitors', async () => {
    await rt.start({ HOLDERS_INTERVAL_MS: '20', CLUSTER_COUNTS_INTERVAL_MS: '20' });
    const a = await rt.client();
    const b = await rt.client();
    await ask(a, 'page:have', { hash: PAGE.hash });
    await ask(b, 'page:want', { hash: page('never held').hash });
    expect(await metric('ephemeral_pages')).toBe(2);
    expect(await metric('ephemeral_waiting_visitors')).toBe(1);
    await ask(a, 'page:leave', { hash: PAGE.hash });
    b.disconnect();
    await metricReaches(rt.url, 'ephemeral_pages', 0);
    expect(await metric('ephemeral_waiting_visitors')).toBe(0);
  });

  test('closing the server disconnects clients in a way that makes them reconnect', async () => {
    const server = await rt.start();
    const socket = connect(rt.url, { transports: ['websocket'], reconnection: false });
    await new Promise((r) => socket.once('connect', () => r(undefined)));
    const reason = new Promise((r) => socket.once('disconnect', r));
    await server.close();
    // "io server disconnect" would mean the server asked the client not to come back.
    expect(await reason).toBe('transport close');
  });
});
