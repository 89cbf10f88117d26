/**
 * @jest-environment node
 */
import { eventually, freePort } from '../helpers/processes';
import { ask, page, realtimeHarness } from '../helpers/realtime';

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
