/**
 * @jest-environment node
 */
import { randomBytes } from 'node:crypto';
import { honestVisitorServed, sidecarPerTest } from '../helpers/attack';
import { eventually } from '../helpers/processes';
import { ask, next, readMetrics, sha256, sleep, type Client } from '../helpers/realtime';

// Issue 10, case 4: a visitor that stops reading while asking for pages again and again; and one that is only slow.
jest.setTimeout(90_000);

const MiB = 1024 * 1024;
const PAGE_MAX_BYTES = 4 * MiB;
/** Full-size pages, more than the loopback socket buffers and the backlog cap take together. */
const PAGES = 16;
/** Short, so the test sees the stalled reader dropped soon; an honest pause below stays well within it. */
const STALLED_READER_MS = 2000;

/**
 * glibc hands freed page buffers back to the system at once (and trims its heap), so the
 * sidecar's resident memory follows what it really holds, not what its allocator kept.
 */
const EXACT_RSS = { MALLOC_MMAP_THRESHOLD_: String(64 * 1024), MALLOC_TRIM_THRESHOLD_: String(128 * 1024) };

const { net, sidecar, start } = sidecarPerTest();

const metrics = () => readMetrics(sidecar().url);

/** Stops reading the client's WebSocket: what the sidecar sends it piles up. */
function stopReading(client: Client) {
  const { ws } = client.io.engine.transport as unknown as {
    ws: { _socket: { pause(): void; resume(): void }; terminate(): void };
  };
  ws._socket.pause();
  return { resume: () => ws._socket.resume(), end: () => ws.terminate() };
}

/**
 * Full-size pages of random bytes, and a holder of all of them that counts its uploads. After each
 * answer the holder makes a round trip that changes nothing (`page:watch` off): the sidecar reads a
 * connection's packets in order and verifies and delivers an answer as it reads it, so once that
 * round trip is acknowledged the sidecar has sent (or postponed) the page. `answered[i]` is how many
 * of its answers the sidecar had so handled when the holder was asked for its i-th upload.
 */
async function heldPages(count: number) {
  const pages = Array.from({ length: count }, () => {
    const bytes = randomBytes(PAGE_MAX_BYTES);
    return { bytes, hash: sha256(bytes) };
  });
  const holder = await net.client();
  const uploads = new Map<string, number>();
  const answered: number[] = [];
  let handled = 0;
  holder.on('page:request', ({ hash }, answer) => {
    uploads.set(hash, (uploads.get(hash) ?? 0) + 1);
    answered.push(handled);
    answer({ ok: true, bytes: pages.find((p) => p.hash === hash)!.bytes });
    void ask(holder, 'page:watch', { hash, watch: false }).then(() => handled++);
  });
  for (const p of pages) await ask(holder, 'page:have', { hash: p.hash });
  const total = () => [...uploads.values()].reduce((a, b) => a + b, 0);
  /** Forgets the uploads so far (and, after one more round trip, every answer handled so far). */
  const reset = async () => {
    await ask(holder, 'page:watch', { hash: pages[0].hash, watch: false });
    uploads.clear();
    answered.length = 0;
    handled = 0;
  };
  return { pages, answered, total, reset };
}

/**
 * A reader that stops reading, then every 100 ms wants a page it has not asked
 * for, and leaves and wants again the two it asked for before it (each want a
 * new one, the costliest way to ask): about 50 events a second, within its
 * event budget. Once its first wants are in it runs `meanwhile`; resolves
 * with its result once the sidecar has logged dropping it (read from the log,
 * not /metrics: scraping would add to the memory measured meanwhile).
 */
async function stalledReader<T>(pages: { hash: string }[], meanwhile: () => Promise<T>): Promise<T> {
  const stalled = await net.client();
  const { end } = stopReading(stalled);
  let gone = false;
  let result: Promise<T> | undefined;
  const dropped = eventually(
    () => expect(sidecar().log()).toContain('stalled reader disconnected'),
    30_000,
    'stalled reader disconnected',
  ).finally(() => (gone = true));
  for (let i = 0; !gone; i++) {
    for (const p of pages.slice(Math.max(0, i - 2), i)) {
      stalled.emit('page:leave', { hash: p.hash }, () => {});
      stalled.emit('page:want', { hash: p.hash }, () => {});
    }
    if (i < pages.length) stalled.emit('page:want', { hash: pages[i].hash }, () => {});
    if (i === 3) result = meanwhile();
    await sleep(100);
  }
  await dropped;
  end();
  return result!;
}

test('a stalled reader that wants 16 pages of 4 MiB and asks again for each costs the holder an upload only until its backlog shows, and is disconnected after STALLED_READER_MS: sidecar RSS is its uploads, no more', async () => {
  const side = await start({
    PAGE_MAX_BYTES: String(PAGE_MAX_BYTES),
    STALLED_READER_MS: String(STALLED_READER_MS),
    ...EXACT_RSS,
  });
  const { pages, answered, total, reset } = await heldPages(PAGES);

  // Warm: every page relayed once to a reader that reads, then the heap collected.
  const reader = await net.client();
  for (const p of pages) {
    const content = next(reader, 'page:content', 10_000, ({ hash }) => hash === p.hash);
    await ask(reader, 'page:want', { hash: p.hash });
    await content;
  }
  reader.disconnect();
  await eventually(async () => expect((await metrics()).ephemeral_connections).toBe(1), 5000, 'reader gone');
  await reset();
  const before = await metrics();
  await side.collectGarbage();
  side.resetPeak();
  const baseline = side.memory().rss;

  // While the stalled reader's wants wait on it, everyone else is served at once.
  await stalledReader(pages, () => honestVisitorServed(() => net.peer()));

  const peak = side.memory().peak - baseline;
  await eventually(async () => expect((await metrics()).ephemeral_connections).toBe(1), 5000, 'stalled reader gone');
  const after = await metrics();
  const rise = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  // Its wants waited once its backlog showed. Those that arrived before the sidecar had any page to
  // send it each cost an upload (how many depends on how fast the machine relays a first page; the
  // sidecar cannot tell a reader that stopped from one that has not been sent anything yet), and a
  // second page may be asked for if the kernel's loopback buffers took the whole first one. Once the
  // sidecar has handled two answers for it (its backlog cap, 2 x PAGE_MAX_BYTES, more than those
  // buffers take), it asks the holder for nothing, however many more pages the reader wants.
  expect(answered.filter((handled) => handled >= 2)).toEqual([]);
  // Operators see why it went.
  expect(rise('ephemeral_stalled_readers_total')).toBe(1);
  // Asking again for a page it was sent asked no holder (it was answered rate_limited).
  expect(rise('ephemeral_rejected_events_total{error="rate_limited"}')).toBeGreaterThan(0);
  // What was sent it (plus the honest visitor's few bytes): the pages uploaded for it, no more.
  expect(rise('ephemeral_bytes_relayed_total')).toBeLessThan(total() * PAGE_MAX_BYTES + 1024);
  // Resident memory above the collected baseline: per upload, its page queued for the reader plus the
  // socket reads ws copies it from, garbage until the next collection (2 x PAGE_MAX_BYTES together),
  // and a margin for the rest (its connection, packets, V8's young generation). Nothing per want,
  // nothing for the pages it waits for.
  expect(peak).toBeLessThan(total() * 2 * PAGE_MAX_BYTES + PAGE_MAX_BYTES / 2);
});

test('an honest slow reader that wants 4 pages of 4 MiB at once and reads nothing for 2 s gets every page, verified, and stays connected', async () => {
  await start({ PAGE_MAX_BYTES: String(PAGE_MAX_BYTES), STALLED_READER_MS: String(4 * STALLED_READER_MS) });
  const { pages, total } = await heldPages(4);
  const slow = await net.client();
  const received = new Map<string, string>();
  slow.on('page:content', ({ hash, bytes }) => received.set(hash, sha256(new Uint8Array(bytes))));
  let disconnected: string | undefined;
  slow.on('disconnect', (reason) => (disconnected = reason));

  const { resume } = stopReading(slow);
  for (const p of pages) slow.emit('page:want', { hash: p.hash }, () => {});
  await eventually(
    () => expect(total()).toBeGreaterThanOrEqual(pages.length),
    10_000,
    'the holder asked for each page',
  );
  // Pages past its cap wait for it to read; operators see a reader behind.
  await eventually(async () => expect((await metrics()).ephemeral_readers_behind).toBe(1), 5000, 'a reader behind');
  // The slow link itself: it reads nothing for 2 s more (the scenario's length, not a wait for a
  // condition), with more than its backlog cap sent or waiting for it, well within STALLED_READER_MS.
  await sleep(2000);
  resume();

  await eventually(
    () => expect(received.size === pages.length || disconnected !== undefined).toBe(true),
    20_000,
    'every page, or a disconnect',
  );
  expect(disconnected).toBeUndefined();
  expect(slow.connected).toBe(true);
  for (const p of pages) expect(received.get(p.hash)).toBe(p.hash);
  const after = await metrics();
  expect(after.ephemeral_readers_behind).toBe(0);
  expect(after.ephemeral_stalled_readers_total ?? 0).toBe(0);
});
