/**
 * npm run bench:web: how long a shared page takes to show in Chromium, the
 * built app against a floor page (bench/web/floor.html) in the same run,
 * interleaved, cold (a fresh browser context per visit) and warm (a new tab in
 * a context that has visited once), plus the JavaScript the viewer transfers.
 *
 *   npm run bench:web [-- --runs 15]
 *
 * It needs a production build (npm run build). It starts the built sidecar
 * and `next start` (built-app.ts) and the floor's server.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { freePort } from '../../e2e/servers.mjs';
import { startBuiltApp, type BuiltApp } from './built-app';
import { startFloorServer } from './floor-server';

const TEXT = 'Bench page: the text a visitor waits for.';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs in every document before its own scripts (CDP, so the CSP does not
 * apply): notes when the page's text is first in the body and when the first
 * WebSocket is created, in ms since navigation started. A string, so the
 * TypeScript runner adds nothing to it.
 */
const OBSERVE = `(() => {
  const text = ${JSON.stringify(TEXT)};
  const marks = { text: 0, socket: 0, open: 0, content: 0 };
  window.__bench = marks;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      if (!marks.socket) marks.socket = performance.now();
      super(url, protocols);
      if (marks.open) return;
      this.addEventListener('open', () => (marks.open = marks.open || performance.now()));
      this.addEventListener('message', (event) => {
        if (!marks.content && String(event.data).includes('page:content')) marks.content = performance.now();
      });
    }
  };
  const inBody = (node) => node.nodeName !== 'SCRIPT' && node.nodeName !== 'TITLE' && document.body?.contains(node);
  const has = (node) => inBody(node) && (node.textContent || '').includes(text);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const nodes = record.type === 'characterData' ? [record.target] : [...record.addedNodes];
      if (nodes.some(has)) {
        marks.text = performance.now();
        observer.disconnect();
        return;
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

interface Visit {
  /** Navigation start to the page's text in the body. */
  text: number;
  /** To the first WebSocket created, and opened. */
  socket: number;
  open: number;
  /** To the page's bytes arriving on the WebSocket (before they are checked). */
  content: number;
  /** To DOMContentLoaded. */
  dcl: number;
  /** Scripts loaded by 300 ms after the text showed, compressed as served. */
  jsKiB: number;
  jsFiles: number;
  /** Of which those that had loaded when the text showed. */
  jsBeforeTextKiB: number;
  jsBeforeTextFiles: number;
}

async function visit(context: BrowserContext, url: string): Promise<Visit> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page
      .waitForFunction(() => (window as unknown as { __bench?: { text: number } }).__bench?.text, null, {
        timeout: 15_000,
        polling: 50,
      })
      .catch(async (error: Error) => {
        const shown = await page.evaluate(() => document.body?.innerText.slice(0, 300)).catch(() => '');
        throw new Error(`${url}: the text never showed (${error.message}); the page said: ${shown}`);
      });
    // What loads in the next moment (dynamic chunks, prefetches) counts as the page's too.
    await page.waitForTimeout(300);
    return await page.evaluate(() => {
      const marks = (window as unknown as { __bench: { text: number; socket: number; open: number; content: number } })
        .__bench;
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      const scripts = performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js')) as PerformanceResourceTiming[];
      const beforeText = scripts.filter((entry) => entry.responseEnd <= marks.text);
      // No named functions in here: the TypeScript runner would wrap them in a helper the page lacks.
      const [all, early] = [scripts, beforeText].map(
        (entries) => entries.reduce((total, entry) => total + entry.encodedBodySize, 0) / 1024,
      );
      return {
        ...marks,
        dcl: navigation.domContentLoadedEventStart,
        jsKiB: all,
        jsFiles: scripts.length,
        jsBeforeTextKiB: early,
        jsBeforeTextFiles: beforeText.length,
      };
    });
  } finally {
    await page.close({ runBeforeUnload: false });
  }
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(OBSERVE);
  return context;
}

async function main() {
  const runs = option('runs', 15);
  const floorPort = await freePort();
  const floorOrigin = `http://127.0.0.1:${floorPort}`;
  const floor = await startFloorServer(floorPort);
  let app: BuiltApp | undefined;
  let browser: Browser | undefined;
  try {
    app = await startBuiltApp('ephemeral-bench-web', [floorOrigin]);
    const hash = await app.hold(TEXT);
    const targets = {
      app: `${app.webOrigin}/${hash}`,
      floor: `${floorOrigin}/${hash}?relay=${encodeURIComponent(app.relayUrl)}`,
    };
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    // One unmeasured visit each: next start compiles nothing, but its first render warms its caches.
    for (const url of Object.values(targets)) {
      const context = await newContext(browser);
      await visit(context, url);
      await context.close();
    }
    const kinds = ['app', 'floor'] as const;
    const cold = { app: [] as Visit[], floor: [] as Visit[] };
    const warm = { app: [] as Visit[], floor: [] as Visit[] };
    const warmContexts = { app: await newContext(browser), floor: await newContext(browser) };
    for (const kind of kinds) await visit(warmContexts[kind], targets[kind]);
    for (let i = 0; i < runs; i += 1) {
      // Interleaved, and in alternating order, so neither always goes first.
      const order = i % 2 ? [...kinds].reverse() : kinds;
      for (const kind of order) {
        const context = await newContext(browser);
        cold[kind].push(await visit(context, targets[kind]));
        await context.close();
        warm[kind].push(await visit(warmContexts[kind], targets[kind]));
      }
    }
    const ms = (visits: Visit[], key: 'text' | 'socket' | 'open' | 'content' | 'dcl') =>
      median(visits.map((v) => v[key]))
        .toFixed(0)
        .padStart(5);
    const row = (label: string, visits: Record<'app' | 'floor', Visit[]>) => {
      const ratio = median(visits.app.map((v) => v.text)) / median(visits.floor.map((v) => v.text));
      return `${label.padEnd(5)} app ${ms(visits.app, 'text')} ms   floor ${ms(visits.floor, 'text')} ms   app/floor ${ratio.toFixed(2)}`;
    };
    const profile = (label: string, visits: Visit[]) =>
      `  ${label.padEnd(11)} WebSocket created ${ms(visits, 'socket')}, open ${ms(visits, 'open')}, page arrived ${ms(visits, 'content')}, DOMContentLoaded ${ms(visits, 'dcl')}, text ${ms(visits, 'text')} ms`;
    console.log(`navigation to verified text, median of ${runs} (interleaved)`);
    console.log(row('cold', cold));
    console.log(row('warm', warm));
    console.log('medians of each mark, ms since navigation start:');
    for (const temperature of ['cold', 'warm'] as const) {
      const visits = temperature === 'cold' ? cold : warm;
      for (const kind of kinds) console.log(profile(`${temperature} ${kind}`, visits[kind]));
    }
    const kib = (visits: Visit[], key: 'jsKiB' | 'jsBeforeTextKiB') => median(visits.map((v) => v[key])).toFixed(1);
    const [first] = cold.app;
    console.log(
      `viewer JavaScript (cold, compressed as served): ${kib(cold.app, 'jsKiB')} KiB in ${first.jsFiles} files, ` +
        `of which ${kib(cold.app, 'jsBeforeTextKiB')} KiB in ${first.jsBeforeTextFiles} files before the text showed; ` +
        `floor ${kib(cold.floor, 'jsKiB')} KiB`,
    );
  } finally {
    await browser?.close();
    floor.close();
    await app?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
