/**
 * @jest-environment node
 */
import { PROTOCOL_VERSION } from '@/lib/protocol';
import { ask, hold, next, page, realtimeHarness, serve, sleep, type Client } from '../helpers/realtime';

const rt = realtimeHarness();
afterEach(() => rt.closeAll());

const PAGE = page('# Counted\n\nHolder counts go to those who look.\n');
const watch = (socket: Client, on = true) => ask(socket, 'page:watch', { hash: PAGE.hash, watch: on });

/**
 * The socket of a holder of PAGE: the app's relay client (v2), or with `v1` a
 * bare socket that sends no protocol in its handshake and speaks the wire
 * itself, as v1 clients did.
 */
async function holder({ v1 = false } = {}): Promise<Client> {
  if (!v1) {
    const peer = await rt.peer();
    await hold(peer, PAGE);
    return peer.socket;
  }
  const socket = await rt.client();
  serve(socket, PAGE.bytes);
  expect(await ask(socket, 'page:have', { hash: PAGE.hash })).toMatchObject({ ok: true });
  return socket;
}

/** Every `page:holders` and `page:sole` a client receives from now on. */
function record(socket: Client) {
  const seen = { holders: [] as number[], sole: [] as boolean[] };
  socket.on('page:holders', ({ holders }) => seen.holders.push(holders));
  socket.on('page:sole', ({ sole }) => seen.sole.push(sole));
  return seen;
}

const countIs = (socket: Client, n: number) => next(socket, 'page:holders', 3000, (p) => p.holders === n);

test('a watching holder follows joins and leaves; holders that do not watch, v1 or v2, receive no count', async () => {
  await rt.start({ HOLDERS_INTERVAL_MS: '50' });
  const first = await holder();
  const watcher = await holder();
  const quietV2 = await holder();
  const quietV1 = await holder({ v1: true });
  const silent = [record(quietV2), record(quietV1)];
  expect(await watch(watcher)).toEqual({ ok: true, holders: 4 });

  const five = countIs(watcher, 5);
  const extra = await holder();
  await five;
  const four = countIs(watcher, 4);
  extra.disconnect();
  await four;
  const three = countIs(watcher, 3);
  expect(await ask(first, 'page:leave', { hash: PAGE.hash })).toEqual({ ok: true });
  await three;

  // Negative window: the watcher has seen every change, so any count to the others would have arrived by now;
  // ten throttle intervals more leave room for a trailing one.
  await sleep(500);
  expect(silent.map((s) => s.holders)).toEqual([[], []]);
});

test('a holder that stops watching gets no more counts; watching again acks the count at once', async () => {
  await rt.start({ HOLDERS_INTERVAL_MS: '50' });
  const watcher = await holder();
  await holder();
  expect(await watch(watcher)).toEqual({ ok: true, holders: 2 });
  expect(await watch(watcher, false)).toEqual({ ok: true, holders: 2 });
  const seen = record(watcher);
  await holder();
  await holder();
  // Negative window: ten throttle intervals for a count that must not come.
  await sleep(500);
  expect(seen.holders).toEqual([]);
  expect(await watch(watcher)).toEqual({ ok: true, holders: 4 });
});

test('a visitor still waiting gets counts without watching, as in v1', async () => {
  await rt.start({ HOLDERS_INTERVAL_MS: '50' });
  const visitor = await rt.client();
  expect(await ask(visitor, 'page:want', { hash: PAGE.hash })).toEqual({ ok: true, holders: 0 });
  const one = countIs(visitor, 1);
  const content = next(visitor, 'page:content');
  await holder();
  await one;
  await content;
});

test('watching needs the page held or wanted first; a bad payload is a clear error', async () => {
  await rt.start();
  const socket = await rt.client({ auth: { protocol: PROTOCOL_VERSION } });
  expect(await watch(socket)).toMatchObject({
    ok: false,
    error: 'bad_request',
    message: expect.stringMatching(/hold or want/),
  });
  expect(await ask(socket, 'page:watch', { hash: PAGE.hash })).toMatchObject({ ok: false, error: 'bad_request' });
  expect(await ask(socket, 'page:watch', { hash: 'nope', watch: true })).toMatchObject({
    ok: false,
    error: 'bad_hash',
  });
  expect(await watch(socket, false)).toMatchObject({ ok: true });
});

test('a v2 holder is told when it becomes and stops being the only holder, even without watching', async () => {
  await rt.start();
  const peer = await rt.peer();
  const alone = peer.socket;
  const sole = next(alone, 'page:sole');
  await hold(peer, PAGE);
  expect(await sole).toEqual({ hash: PAGE.hash, sole: true });

  const notSole = next(alone, 'page:sole');
  const other = await holder();
  expect(await notSole).toEqual({ hash: PAGE.hash, sole: false });
  const seen = record(alone);
  const third = await holder();
  await ask(third, 'page:leave', { hash: PAGE.hash });

  const soleAgain = next(alone, 'page:sole');
  other.disconnect();
  expect(await soleAgain).toEqual({ hash: PAGE.hash, sole: true });
  expect(seen).toEqual({ holders: [], sole: [true] });
});

test('a v1 holder, which knows no page:sole, gets the count at those crossings so its leave warning still works', async () => {
  await rt.start();
  const old = await holder({ v1: true });
  const two = countIs(old, 2);
  const other = await holder();
  await two;
  const one = countIs(old, 1);
  other.disconnect();
  await one;
});
