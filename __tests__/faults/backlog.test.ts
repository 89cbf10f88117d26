/**
 * @jest-environment node
 */
import { randomBytes } from 'node:crypto';
import { honestRelayMs, sidecarPerTest } from '../helpers/attack';
import { eventually } from '../helpers/processes';
import { ask, next, readMetrics, sha256, sleep, type Client } from '../helpers/realtime';

// Issue 10, case 4: a visitor that stops reading while asking for pages again and again.
jest.setTimeout(90_000);

const MiB = 1024 * 1024;
const PAGE_MAX_BYTES = 4 * MiB;
/** Full-size pages, more than the loopback socket buffers and the backlog cap take together. */
const PAGES = 16;
/** Loopback TCP send and receive buffers can take this much before the sidecar sees a backlog. */
const KERNEL_BUFFERS = 16 * MiB;

/**
 * glibc hands freed page buffers back to the system at once (and trims its heap), so the
 * sidecar's resident memory follows what it really holds, not what its allocator kept.
 */
const EXACT_RSS = { MALLOC_MMAP_THRESHOLD_: String(64 * 1024), MALLOC_TRIM_THRESHOLD_: String(128 * 1024) };

const { net, sidecar, start } = sidecarPerTest();

const metrics = () => readMetrics(sidecar().url);

/** Stops reading the client's WebSocket: what the sidecar sends it piles up. Returns how to end it. */
function stopReading(client: Client) {
  const { ws } = client.io.engine.transport as unknown as { ws: { _socket: { pause(): void }; terminate(): void } };
  ws._socket.pause();
  return () => ws.terminate();
}

/**
 * A reader that stops reading, then every 100 ms wants a page it has not asked
 * for, and leaves and wants again the two it asked for before it (each want a
 * new one, the costliest way to ask): about 50 events a second, within its
 * event budget. Resolves once the sidecar has dropped it.
 */
async function stalledReader(pages: { hash: string }[]) {
  const stalled = await net.client();
  const end = stopReading(stalled);
  let gone = false;
  const dropped = eventually(
    async () => expect((await metrics()).ephemeral_connections).toBe(1),
    30_000,
    'stalled reader disconnected',
  ).finally(() => (gone = true));
  for (let i = 0; !gone; i++) {
    for (const p of pages.slice(Math.max(0, i - 2), i)) {
      stalled.emit('page:leave', { hash: p.hash }, () => {});
      stalled.emit('page:want', { hash: p.hash }, () => {});
    }
    if (i < pages.length) stalled.emit('page:want', { hash: pages[i].hash }, () => {});
    await sleep(100);
  }
  await dropped;
  end();
}

test('a stalled reader that wants 16 pages of 4 MiB and asks again for each is disconnected at its backlog cap: one upload per page, sidecar RSS bounded by the cap', async () => {
  const side = await start({ PAGE_MAX_BYTES: String(PAGE_MAX_BYTES), ...EXACT_RSS });
  const pages = Array.from({ length: PAGES }, () => {
    const bytes = randomBytes(PAGE_MAX_BYTES);
    return { bytes, hash: sha256(bytes) };
  });
  const holder = await net.client();
  const uploads = new Map<string, number>();
  holder.on('page:request', ({ hash }, answer) => {
    uploads.set(hash, (uploads.get(hash) ?? 0) + 1);
    answer({ ok: true, bytes: pages.find((p) => p.hash === hash)!.bytes });
  });
  for (const p of pages) await ask(holder, 'page:have', { hash: p.hash });

  // Warm: every page relayed once to a reader that reads, then the heap collected.
  const reader = await net.client();
  for (const p of pages) {
    const content = next(reader, 'page:content', 10_000, ({ hash }) => hash === p.hash);
    await ask(reader, 'page:want', { hash: p.hash });
    await content;
  }
  reader.disconnect();
  await eventually(async () => expect((await metrics()).ephemeral_connections).toBe(1), 5000, 'reader gone');
  uploads.clear();
  const before = await metrics();
  await side.collectGarbage();
  side.resetPeak();
  const baseline = side.memory().rss;

  await stalledReader(pages);

  const peak = side.memory().peak - baseline;
  const after = await metrics();
  const rise = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  // Asking again for a page it was sent asked no holder (it was answered rate_limited): at most one upload per page.
  expect(Math.max(...uploads.values())).toBe(1);
  expect(rise('ephemeral_rejected_events_total{error="rate_limited"}')).toBeGreaterThan(0);
  // Sent towards it: its backlog cap plus what the kernel's socket buffers took, not every page.
  expect(rise('ephemeral_bytes_relayed_total')).toBeLessThan(2 * PAGE_MAX_BYTES + KERNEL_BUFFERS);
  // Resident memory above the collected baseline: the backlog cap's worth (one page queued, one in
  // hand when it is dropped), plus the same again while those two uploads' socket reads, which ws
  // copies into one buffer each, wait for the next collection; one page's worth for all the rest
  // (its connection, packets, V8's young generation). No copy per want, none per queued frame.
  expect(peak).toBeLessThan(5 * PAGE_MAX_BYTES);
  expect(await honestRelayMs(() => net.peer())).toBeLessThan(1000);
});
