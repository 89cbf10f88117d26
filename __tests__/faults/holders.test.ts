/**
 * @jest-environment node
 */
import { ask, hold, next, page, realtimeHarness, sleep, type Client } from '../helpers/realtime';

jest.setTimeout(30_000);

const rt = realtimeHarness();
afterEach(() => rt.closeAll());

const PAGE = page('the only bytes a visitor may ever see');

/** A visitor that records every page:content it receives. */
async function visitor() {
  const socket = await rt.client();
  const received: Buffer[] = [];
  socket.on('page:content', ({ bytes }) => received.push(Buffer.from(bytes as Buffer)));
  const first = next(socket, 'page:content', 10_000);
  await ask(socket, 'page:want', { hash: PAGE.hash });
  return { socket, received, first };
}

async function holder(behaviour: (socket: Client) => void) {
  const socket = await rt.client();
  behaviour(socket);
  await ask(socket, 'page:have', { hash: PAGE.hash });
  return socket;
}

describe('a holder that disconnects while asked', () => {
  const steps: [string, (socket: Client) => void][] = [
    ['on receiving the request', (s) => s.on('page:request', () => s.disconnect())],
    [
      'right after answering',
      (s) =>
        s.on('page:request', (_r, answer) => {
          answer({ ok: true, bytes: PAGE.bytes });
          s.disconnect();
        }),
    ],
    [
      'while a slow answer is on its way',
      (s) =>
        s.on('page:request', (_r, answer) => {
          setTimeout(() => answer({ ok: true, bytes: PAGE.bytes }), 200);
          setTimeout(() => s.disconnect(), 50);
        }),
    ],
  ];

  test.each(steps)('%s: the visitors are served by another holder', async (_step, behaviour) => {
    await rt.start({ HEDGE_MS: '60000', REQUEST_TIMEOUT_MS: '60000' });
    await holder(behaviour);
    await hold(await rt.peer(), PAGE);
    const visitors = await Promise.all([visitor(), visitor(), visitor()]);
    for (const v of visitors) {
      expect((await v.first).bytes).toBeDefined();
      expect(v.received.every((b) => b.equals(PAGE.bytes))).toBe(true);
    }
  });
});

describe('holders that lie, dawdle or answer twice', () => {
  const liars: [string, unknown, string][] = [
    ['wrong bytes of the right length', { ok: true, bytes: Buffer.alloc(PAGE.bytes.length, 0x2a) }, 'bad_bytes'],
    ['oversize bytes', { ok: true, bytes: Buffer.alloc(4096, 0x2a) }, 'too_large'],
    ['text instead of binary', { ok: true, bytes: PAGE.bytes.toString() }, 'bad_bytes'],
    ['an ack of the wrong shape', ['bytes', PAGE.bytes], 'bad_bytes'],
    ['ok without bytes', { ok: true }, 'bad_bytes'],
  ];

  test.each(liars)('%s: evicted, and the visitor only sees verified bytes', async (_what, reply, reason) => {
    await rt.start({ PAGE_MAX_BYTES: '1024', HEDGE_MS: '60000' });
    const liar = await holder((s) => s.on('page:request', (_r, answer) => answer(reply as never)));
    await hold(await rt.peer(), PAGE);
    const evicted = next(liar, 'page:evicted', 10_000);
    // Enough visitors in turn that the rotation reaches the liar.
    for (let i = 0; i < 2; i++) {
      const v = await visitor();
      await v.first;
      // A negative window: no second page:content follows the first.
      await sleep(20);
      expect(v.received).toHaveLength(1);
      expect(v.received[0].equals(PAGE.bytes)).toBe(true);
    }
    expect(await evicted).toEqual({ hash: PAGE.hash, reason });
  });

  test('a slow holder is skipped after the timeout and evicted; its late answer is dropped', async () => {
    await rt.start({ REQUEST_TIMEOUT_MS: '200', HEDGE_MS: '60000' });
    const slow = await holder((s) =>
      s.on('page:request', (_r, answer) => {
        setTimeout(() => answer({ ok: true, bytes: PAGE.bytes }), 600);
      }),
    );
    const evicted = next(slow, 'page:evicted', 10_000);
    // The want is acknowledged once the slow holder has been asked: the honest one waits its turn.
    const v = await visitor();
    await hold(await rt.peer(), PAGE);
    await v.first;
    expect(await evicted).toEqual({ hash: PAGE.hash, reason: 'timeout' });
    // A negative window: the late answer (600 ms after the request) arrives and is dropped.
    await sleep(700);
    expect(v.received).toHaveLength(1);
  });

  test('a holder that answers twice: the visitor gets the page once', async () => {
    await rt.start();
    await holder((s) =>
      s.on('page:request', (_r, answer) => {
        answer({ ok: true, bytes: PAGE.bytes });
        answer({ ok: true, bytes: PAGE.bytes });
      }),
    );
    const v = await visitor();
    await v.first;
    // A negative window: the second answer brings no second page:content.
    await sleep(100);
    expect(v.received).toHaveLength(1);
  });

  test('a holder that lies first and answers right second stays evicted', async () => {
    await rt.start();
    const liar = await holder((s) =>
      s.on('page:request', (_r, answer) => {
        answer({ ok: true, bytes: Buffer.from('forged') });
        answer({ ok: true, bytes: PAGE.bytes });
      }),
    );
    const evicted = next(liar, 'page:evicted');
    const v = await visitor();
    expect(await evicted).toMatchObject({ reason: 'bad_bytes' });
    await hold(await rt.peer(), PAGE);
    await v.first;
    expect(v.received.every((b) => b.equals(PAGE.bytes))).toBe(true);
  });
});
