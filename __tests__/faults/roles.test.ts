/**
 * @jest-environment node
 */
import { honestVisitorServed, pageState, sidecarPerTest } from '../helpers/attack';
import { eventually } from '../helpers/processes';
import { ask, expectServed, hold, page, sleep, type Client } from '../helpers/realtime';

// Issue 10, cases 1 and 2: connections that hold a page and also want it.
jest.setTimeout(60_000);

const { net, sidecar, start } = sidecarPerTest();

const silent = (socket: Client) => socket.on('page:request', () => {});

test('40 holders that stay silent and then want the page cannot keep a visitor from the honest holder: the hedge goes to it', async () => {
  await start({ REQUEST_TIMEOUT_MS: '3000', HEDGE_MS: '500' });
  const P = page('a page forty sly holders want to wedge');
  const honest = await net.peer();
  const asked = await hold(honest, P);
  await expectServed(await net.peer(), P);

  const sly = await Promise.all(Array.from({ length: 40 }, () => net.client()));
  for (const s of sly) {
    silent(s);
    await ask(s, 'page:have', { hash: P.hash });
  }
  const wants = await Promise.all(sly.map((s) => ask(s, 'page:want', { hash: P.hash })));
  // A holder's want changes nothing and is acknowledged with the count.
  expect(wants.every((w) => w.ok && w.holders === 41)).toBe(true);

  const visitor = await net.peer();
  await expectServed(visitor, P, 8000);
  expect(asked.requests).toBe(2);
});

test('a connection that holds 16 pages, wants them while asked, is evicted and leaves: no page state stays, no later holder is asked for nobody', async () => {
  await start({ REQUEST_TIMEOUT_MS: '300', HOLDERS_INTERVAL_MS: '20' });
  const pages = Array.from({ length: 16 }, (_, i) => page(`evicted leak ${i}`));
  const sly = await net.client();
  silent(sly);
  for (const p of pages) await ask(sly, 'page:have', { hash: p.hash });
  const visitor = await net.client();
  const evictions: string[] = [];
  sly.on('page:evicted', ({ hash }) => evictions.push(hash));
  for (const p of pages) {
    await ask(visitor, 'page:want', { hash: p.hash });
    // Asked for the page, the sly holder wants it too.
    await ask(sly, 'page:want', { hash: p.hash });
  }
  await eventually(() => expect(evictions).toHaveLength(16), 10_000, '16 evictions');
  await honestVisitorServed(() => net.peer());

  sly.disconnect();
  visitor.disconnect();
  await eventually(
    async () => expect(await pageState(sidecar().url)).toMatchObject({ pages: 0, waiting: 0 }),
    5000,
    'no page state left',
  );

  const requests = await hold(await net.peer(), pages[0]);
  // A negative window: nothing should ask the new holder, since nobody waits.
  await sleep(500);
  expect(requests.requests).toBe(0);
});
