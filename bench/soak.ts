/**
 * `npm run soak`: a churn soak of the real sidecar (its own process), not part
 * of CI. Connections join, want, hold and leave across many pages for
 * `--seconds` (default 600); every `--every` seconds it samples the sidecar's
 * settled RSS and its gauges. At the end every client leaves and the sidecar
 * must return to its baseline: no pages, no waiting visitors, no extra handles.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_PAGE_MAX_BYTES } from '../lib/limits';
import { openRelaySocket, RelayClient } from '../lib/relay-client';
import { spawnServer } from './server-process';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}

const SECONDS = option('seconds', 600);
const EVERY = option('every', 30);
const PAGES = option('pages', 300);
const POPULATION = option('population', 600);

const pages = Array.from({ length: PAGES }, (_, i) => {
  const bytes = Buffer.from(`soak page ${i} `.repeat(1 + (i % 64)));
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
});
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)];

async function gauges(url: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return {
    connections: read('ephemeral_connections'),
    pages: read('ephemeral_pages'),
    waiting: read('ephemeral_waiting_visitors'),
    handles: read('ephemeral_nodejs_active_handles_total'),
    served: read('ephemeral_visitors_served_total'),
    heap: read('ephemeral_nodejs_heap_size_used_bytes'),
  };
}

/** One simulated tab: holds or wants a page, becomes a holder when served, leaves after a while. */
function tab(url: string, live: Set<RelayClient>): void {
  const client = new RelayClient(openRelaySocket(url, { transports: ['websocket'], reconnection: false }), {
    url,
    maxPageBytes: DEFAULT_PAGE_MAX_BYTES,
  });
  const page = pick(pages);
  live.add(client);
  client.on('connection', ({ state }) => {
    if (state !== 'connecting' && state !== 'connected') live.delete(client);
  });
  client.start();
  const leaving = new AbortController();
  if (Math.random() < 0.5) void client.hold(page.hash, page.bytes);
  // Rejects when the tab leaves before the page came: nothing to do then.
  else client.want(page.hash, { hold: true, signal: leaving.signal }).catch(() => {});
  setTimeout(
    () => {
      if (Math.random() < 0.5) {
        leaving.abort();
        client.stop(page.hash);
      }
      client.close();
    },
    1000 + Math.random() * 20_000,
  );
}

async function main() {
  const server = await spawnServer('sidecar');
  const [url] = server.urls;
  const live = new Set<RelayClient>();
  // settledRss() collects garbage first, so the heap read right after it is live data only.
  const baseline = { rss: await server.settledRss(), ...(await gauges(url)) };
  console.log(`soak: ${SECONDS} s of churn over ${PAGES} pages, about ${POPULATION} tabs at a time`);
  console.log('   t (s)  tabs  conns  pages  waiting  handles  served  heap (MiB)  RSS (MiB)');
  const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
  const row = async (t: number) => {
    const rss = await server.settledRss();
    const g = await gauges(url);
    console.log(
      `${String(t).padStart(8)} ${String(live.size).padStart(5)} ${String(g.connections).padStart(6)} ` +
        `${String(g.pages).padStart(6)} ${String(g.waiting).padStart(8)} ${String(g.handles).padStart(8)} ` +
        `${String(g.served).padStart(7)} ${mib(g.heap).padStart(11)} ${mib(rss).padStart(10)}`,
    );
    return { ...g, rss };
  };
  await row(0);

  const started = Date.now();
  const spawner = setInterval(() => {
    for (let i = 0; i < 20 && live.size < POPULATION; i++) tab(url, live);
  }, 100);
  const samples = [];
  for (let t = EVERY; t <= SECONDS; t += EVERY) {
    await new Promise((r) => setTimeout(r, started + t * 1000 - Date.now()));
    samples.push(await row(t));
  }
  // RSS under load should plateau once warm: compare the last sample with the one a third of the way in.
  const warm = samples[Math.floor(samples.length / 3)];
  const last = samples[samples.length - 1];
  clearInterval(spawner);
  for (const client of live) client.close();
  await new Promise((r) => setTimeout(r, 3000));
  const end = await row(Math.round((Date.now() - started) / 1000));
  await server.stop();

  const verdicts = [
    ['pages back to 0', end.pages === 0],
    ['waiting visitors back to 0', end.waiting === 0],
    ['connections back to 0', end.connections === 0],
    [`handles back to baseline (${baseline.handles})`, end.handles <= baseline.handles],
    [`live heap within 5 MiB of baseline (${mib(baseline.heap)} MiB)`, end.heap - baseline.heap < 5 * 1024 * 1024],
    [
      `RSS under load flat once warm (${mib(warm.rss)} -> ${mib(last.rss)} MiB, < 10% growth)`,
      last.rss < warm.rss * 1.1,
    ],
  ] as const;
  for (const [what, ok] of verdicts) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  process.exit(verdicts.every(([, ok]) => ok) ? 0 : 1);
}

void main();
