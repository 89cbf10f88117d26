/**
 * @jest-environment node
 */
import { randomBytes } from 'node:crypto';
import { honestRelayMs, sidecarPerTest } from '../helpers/attack';
import { eventually } from '../helpers/processes';
import { ask, readMetrics, sha256, type Client } from '../helpers/realtime';

// Issue 10, case 4: a visitor that stops reading while asking for pages again and again.
jest.setTimeout(90_000);

const PAGE_MAX_BYTES = 4 * 1024 * 1024;
/** Loopback TCP send and receive buffers can take this much before the sidecar sees a backlog. */
const KERNEL_BUFFERS = 16 * 1024 * 1024;

const { net, sidecar, start } = sidecarPerTest();

const metric = async (name: string) => (await readMetrics(sidecar().url))[name];

/** Stops reading the client's WebSocket: what the sidecar sends it piles up. Returns how to end it. */
function stopReading(client: Client) {
  const { ws } = client.io.engine.transport as unknown as { ws: { _socket: { pause(): void }; terminate(): void } };
  ws._socket.pause();
  return () => ws.terminate();
}

/** A reader that stops reading, then leaves and wants every page again and again for 4 s. */
async function stalledReader(pages: { hash: string }[]) {
  const stalled = await net.client();
  const end = stopReading(stalled);
  const deadline = Date.now() + 4000;
  let wants = 0;
  while (Date.now() < deadline) {
    for (const p of pages) {
      // Leaving first makes each want a new one, the costliest way to ask.
      stalled.emit('page:leave', { hash: p.hash }, () => {});
      stalled.emit('page:want', { hash: p.hash }, () => {});
      wants++;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Only the holder is left once the sidecar has dropped the stalled reader.
  await eventually(
    async () => expect(await metric('ephemeral_connections')).toBe(1),
    10_000,
    'stalled reader disconnected',
  );
  end();
  return wants;
}

test('a stalled reader asking for 8 pages of 1 MiB over and over is disconnected once 2 x PAGE_MAX_BYTES wait for it; the holder uploads no page per want', async () => {
  await start({ PAGE_MAX_BYTES: String(PAGE_MAX_BYTES) });
  const pages = Array.from({ length: 8 }, () => {
    const bytes = randomBytes(1024 * 1024);
    return { bytes, hash: sha256(bytes) };
  });
  const holder = await net.client();
  const uploads = { count: 0 };
  holder.on('page:request', ({ hash }, answer) => {
    uploads.count++;
    answer({ ok: true, bytes: pages.find((p) => p.hash === hash)!.bytes });
  });
  for (const p of pages) await ask(holder, 'page:have', { hash: p.hash });

  const relayed = await metric('ephemeral_bytes_relayed_total');
  const uploadsBefore = uploads.count;

  const wants = await stalledReader(pages);
  // Bytes sent towards the stalled reader: its backlog cap plus what the kernel's socket buffers took, not a page per want.
  expect((await metric('ephemeral_bytes_relayed_total')) - relayed).toBeLessThan(2 * PAGE_MAX_BYTES + KERNEL_BUFFERS);
  // The holder uploaded as much, not a page per want.
  expect(uploads.count - uploadsBefore).toBeLessThan(wants / 4);
  expect(await honestRelayMs(() => net.peer())).toBeLessThan(1000);
});
