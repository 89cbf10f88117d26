/**
 * @jest-environment node
 */
import { eventually, freePort } from '../helpers/processes';
import { randomBytes } from 'node:crypto';
import { ask, page, readMetrics, realtimeHarness, serve, sha256 } from '../helpers/realtime';

const rt = realtimeHarness();
afterEach(() => rt.closeAll());

const TOKEN = 'a-metrics-token-long-enough';

test('with METRICS_TOKEN, /metrics answers 401 without the bearer token and 200 with it', async () => {
  await rt.start({ METRICS_TOKEN: TOKEN });
  expect((await fetch(`${rt.url}/metrics`)).status).toBe(401);
  expect(
    (await fetch(`${rt.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status,
  ).toBe(401);
  const ok = await fetch(`${rt.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(ok.status).toBe(200);
  expect(await ok.text()).toMatch(/ephemeral_connections/);
});

test('with METRICS_PORT, /metrics is served on that port only', async () => {
  const metricsPort = await freePort();
  const server = await rt.start({ METRICS_PORT: String(metricsPort) });
  expect(server.metricsPort).toBe(metricsPort);
  expect((await fetch(`${rt.url}/metrics`)).status).toBe(404);
  expect((await fetch(`${rt.url}/healthz`)).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
});

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('close() leaves no timer running, even with a request to a silent holder outstanding', async () => {
  const before = timers();
  const server = await rt.start({ REQUEST_TIMEOUT_MS: '60000', HEDGE_MS: '60000' });
  const P = page('asked and never answered');
  const silent = await rt.client();
  silent.on('page:request', () => {});
  await ask(silent, 'page:have', { hash: P.hash });
  const visitor = await rt.client();
  const asked = new Promise((resolve) => silent.once('page:request', resolve));
  await ask(visitor, 'page:want', { hash: P.hash });
  await asked;
  await server.close();
  silent.disconnect();
  visitor.disconnect();
  // Socket.IO clients and engine timers wind down with their sockets; what is left must be none of the
  // server's, whose timers here run 60 s, far past this wait.
  await eventually(() => expect(timers()).toBeLessThanOrEqual(before), 5000, 'timers back to where they were');
});

test('close() ends at once and leaves no timer running with a reader that stopped reading and has a want waiting', async () => {
  const before = timers();
  const pageMax = 8 * 1024 * 1024;
  const server = await rt.start({ PAGE_MAX_BYTES: String(pageMax), STALLED_READER_MS: '60000' });
  const pages = [randomBytes(pageMax), randomBytes(pageMax)].map((bytes) => ({ bytes, hash: sha256(bytes) }));
  const holder = await rt.client();
  const seen = serve(holder, () => ({ ok: true, bytes: pages[seen.requests - 1].bytes }));
  for (const p of pages) await ask(holder, 'page:have', { hash: p.hash });
  const reader = await rt.client();
  const { ws } = reader.io.engine.transport as unknown as { ws: { _socket: { pause(): void }; terminate(): void } };
  // Stops reading: more of the first page than the kernel's loopback buffers take stays queued.
  ws._socket.pause();
  reader.emit('page:want', { hash: pages[0].hash }, () => {});
  const metric = async (name: string) => (await readMetrics(rt.url))[name];
  await eventually(async () => expect(await metric('ephemeral_bytes_relayed_total')).toBe(pageMax), 5000, 'page sent');
  reader.emit('page:want', { hash: pages[1].hash }, () => {});
  // Events are handled in order: once this page shows, the want before it was handled.
  reader.emit('page:have', { hash: page('after the want').hash }, () => {});
  await eventually(async () => expect(await metric('ephemeral_pages')).toBe(3), 5000, 'the events handled');
  // The want waits for the reader: no holder was asked.
  expect(seen.requests).toBe(1);
  await server.close();
  ws.terminate();
  holder.disconnect();
  await eventually(() => expect(timers()).toBeLessThanOrEqual(before), 5000, 'timers back to where they were');
});
