/**
 * npm run bench:lighthouse: Lighthouse (mobile, its default simulated
 * throttling) on the editor `/` and a held page `/<hash>` of the production
 * build, in Chromium; prints each page's performance and accessibility
 * scores, its Largest Contentful Paint, First Contentful Paint and Total
 * Blocking Time. Its yardsticks, in the same run:
 *  - the floor page of npm run bench:web (bench/web/floor.html), which shows
 *    the same held page with nothing but Socket.IO's client: what this
 *    machine scores for the least a page can do;
 *  - the React floor, the same page which then loads React's DOM renderer and
 *    renders the text with it (bench/web/react-floor.tsx), once the text is
 *    painted, as the viewer does: the least a React page can be here;
 *  - the Next.js floor (bench/web/next-floor/), an App Router page with the
 *    editor's first screen and nothing else: what this machine scores for the
 *    least a Next.js page can be, as the editor is. It is built with
 *    `next build` the first time (into its own .next/, left for the next run).
 * Neither floor's accessibility is the app's concern.
 *
 *   npm run bench:lighthouse [-- --runs 3] [--reports DIR] [--only editor|viewer|floor|react-floor|next-floor]
 *
 * prints the median of each figure over the runs, taken in rounds (each page
 * once per round); --reports keeps each run's JSON report; --only measures one
 * of the pages.
 *
 * It needs a production build (npm run build) and builds nothing: it starts
 * the built sidecar and `next start` on ephemeral ports (built-app.ts) and
 * holds the page from a relay client in this process while Lighthouse loads
 * it. CHROME_PATH names the browser (default /usr/bin/chromium).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess, stopProcess, waitForHttp } from '../../e2e/servers.mjs';
import { startBuiltApp } from './built-app';
import { startFloorServer } from './floor-server';

const ROOT = join(__dirname, '..', '..');
const TEXT = [
  '# Lighthouse page',
  '',
  'A held page, as a visitor opens it: the text arrives from its holder through the relay.',
  '',
  '- one list item',
  '- and another',
].join('\n');

interface Figures {
  performance: number;
  accessibility: number;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
}

interface LighthouseReport {
  categories: Record<'performance' | 'accessibility', { score: number }>;
  audits: Record<string, { numericValue?: number }>;
  runtimeError?: { message: string };
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

const NEXT = join(ROOT, 'node_modules/next/dist/bin/next');
const NEXT_FLOOR = 'bench/web/next-floor';

/** The Next.js floor's production server on `port`, built first if it never was. */
async function startNextFloor(port: number) {
  if (!existsSync(join(ROOT, NEXT_FLOOR, '.next/BUILD_ID'))) {
    console.log(`building the Next.js floor (${NEXT_FLOOR})…`);
    const built = spawnSync(process.execPath, [NEXT, 'build', NEXT_FLOOR], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`next build ${NEXT_FLOOR} failed: ${built.stdout}${built.stderr}`);
  }
  const logDir = join(tmpdir(), 'ephemeral-bench-lighthouse');
  mkdirSync(logDir, { recursive: true });
  const server = startProcess(
    'next-floor',
    process.execPath,
    [NEXT, 'start', NEXT_FLOOR, '-p', String(port), '-H', '127.0.0.1'],
    {},
    logDir,
  );
  await waitForHttp(`http://127.0.0.1:${port}/`, server, 'next-floor');
  return { stop: () => stopProcess(server) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One Lighthouse run in a fresh headless Chromium; its JSON report read from stdout (and kept at `reportPath`). */
function lighthouse(url: string, reportPath?: string): Promise<Figures> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/lighthouse/cli/index.js'),
      url,
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      '--only-categories=performance,accessibility',
      '--chrome-flags=--headless=new --no-sandbox',
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' } },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`lighthouse ${url} exited ${code}: ${err.slice(-2000)}`));
      if (reportPath) writeFileSync(reportPath, out);
      const report = JSON.parse(out) as LighthouseReport;
      if (report.runtimeError) return reject(new Error(`lighthouse ${url}: ${report.runtimeError.message}`));
      resolve({
        performance: Math.round(report.categories.performance.score * 100),
        accessibility: Math.round(report.categories.accessibility.score * 100),
        lcpMs: report.audits['largest-contentful-paint'].numericValue ?? NaN,
        fcpMs: report.audits['first-contentful-paint'].numericValue ?? NaN,
        tbtMs: report.audits['total-blocking-time'].numericValue ?? NaN,
      });
    });
  });
}

async function main() {
  const runs = Number(option('runs') ?? 3);
  const reports = option('reports');
  const only = option('only');
  if (only !== undefined && !['editor', 'viewer', 'floor', 'react-floor', 'next-floor'].includes(only)) {
    throw new Error('--only takes editor, viewer, floor, react-floor or next-floor');
  }
  if (reports) mkdirSync(reports, { recursive: true });
  const floorPort = await freePort();
  const floorOrigin = `http://127.0.0.1:${floorPort}`;
  const floor = await startFloorServer(floorPort);
  const nextFloorPort = await freePort();
  const nextFloor = await startNextFloor(nextFloorPort);
  const app = await startBuiltApp('ephemeral-bench-lighthouse', [floorOrigin]);
  try {
    const hash = await app.hold(TEXT);
    const pages = [
      { name: '/', kind: 'editor', url: `${app.webOrigin}/` },
      { name: '/<hash>', kind: 'viewer', url: `${app.webOrigin}/${hash}` },
      { name: 'floor', kind: 'floor', url: `${floorOrigin}/${hash}?relay=${encodeURIComponent(app.relayUrl)}` },
      {
        name: 'React floor',
        kind: 'react-floor',
        url: `${floorOrigin}/${hash}?relay=${encodeURIComponent(app.relayUrl)}&react`,
      },
      { name: 'Next.js floor', kind: 'next-floor', url: `http://127.0.0.1:${nextFloorPort}/` },
    ].filter((page) => only === undefined || page.kind === only);
    console.log(`Lighthouse ${runs}× per page, interleaved (mobile, simulated throttling), medians:`);
    // Round by round, each page once per round: a busier minute on this machine falls on every page alike.
    const results = pages.map((): Figures[] => []);
    for (let i = 0; i < runs; i += 1) {
      for (const [at, { kind, url }] of pages.entries()) {
        const file = reports && join(reports, `${kind}-${i + 1}.json`);
        results[at].push(await lighthouse(url, file));
      }
    }
    for (const [at, { name }] of pages.entries()) {
      const pick = (key: keyof Figures) => median(results[at].map((result) => result[key]));
      console.log(
        `${name.padEnd(13)} performance ${pick('performance')}  accessibility ${pick('accessibility')}  ` +
          `LCP ${(pick('lcpMs') / 1000).toFixed(2)} s  FCP ${(pick('fcpMs') / 1000).toFixed(2)} s  ` +
          `TBT ${Math.round(pick('tbtMs'))} ms   (runs: ${results[at].map((r) => r.performance).join(', ')})`,
      );
    }
  } finally {
    await app.stop();
    await nextFloor.stop();
    floor.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
