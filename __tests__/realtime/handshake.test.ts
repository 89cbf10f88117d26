/**
 * @jest-environment node
 */
import { io as connect } from 'socket.io-client';
import WebSocket from 'ws';
import type { Refusal } from '@/lib/protocol';
import { metricReaches } from '../helpers/metrics';
import { ask, page, realtimeHarness } from '../helpers/realtime';

const rt = realtimeHarness();
afterEach(() => rt.closeAll());

/** Connects with this handshake `auth`; resolves 'connected' or the refusal. */
function handshake(auth?: object) {
  return new Promise<'connected' | Refusal>((resolve) => {
    const socket = connect(rt.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(auth ? { auth } : {}),
    });
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve((err as Error & { data: Refusal }).data);
    });
  });
}

test('a client naming no version (v1) or a supported one connects; another version is refused with a clear reason', async () => {
  await rt.start();
  expect(await handshake()).toBe('connected');
  expect(await handshake({ protocol: 1 })).toBe('connected');
  expect(await handshake({ protocol: 2 })).toBe('connected');
  for (const protocol of [3, 0, '2', null]) {
    const refused = await handshake({ protocol });
    expect(refused).toMatchObject({ code: 'unsupported_protocol', message: expect.stringMatching(/versions 1, 2/) });
  }
});

test('a re-announce after an eviction: evicted for a v2 connection, bad_request for a v1 one', async () => {
  await rt.start({ HEDGE_MS: '60000' });
  const P = page('evicted, then back');
  for (const [auth, code] of [
    [{ protocol: 2 }, 'evicted'],
    [undefined, 'bad_request'],
  ] as const) {
    const liar = await rt.client(auth ? { auth } : {});
    liar.on('page:request', (_ref, answer) => answer({ ok: true, bytes: Buffer.from('not the page') }));
    const evicted = new Promise((resolve) => liar.once('page:evicted', resolve));
    await ask(liar, 'page:have', { hash: P.hash });
    const visitor = await rt.client();
    await ask(visitor, 'page:want', { hash: P.hash });
    await evicted;
    expect(await ask(liar, 'page:have', { hash: P.hash })).toMatchObject({ ok: false, error: code });
    visitor.disconnect();
  }
});

test('a refused handshake does not keep its transport: the server closes it behind the refusal', async () => {
  const server = await rt.start();
  // A bare transport that sends CONNECT naming an unknown version and then ignores its refusal.
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`);
  const frames: string[] = [];
  ws.on('message', (data) => {
    const frame = String(data);
    frames.push(frame);
    if (frame.startsWith('0')) ws.send('40{"protocol":9}');
  });
  await new Promise((resolve) => ws.once('close', resolve));
  expect(frames.some((f) => f.startsWith('44') && f.includes('unsupported_protocol'))).toBe(true);
  await metricReaches(`http://127.0.0.1:${server.port}`, 'ephemeral_connections', 0);
});
