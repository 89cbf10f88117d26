// The deployment test: the app stood up the way it is deployed, on this machine.
// Caddy (Debian's package) terminates TLS with its local CA for https://app.test
// (the built web app) and https://rt.test (two sidecar nodes on a real
// redis-server, round robin, no stickiness, client addresses from Caddy's
// X-Forwarded-For), https://same.test (the web app with REALTIME_URL=same-origin,
// its /socket.io/ routed to the same nodes) and https://bare.test (a web app with
// no settings, which must say REALTIME_URL is missing); Chromium
// resolves the names to 127.0.0.1 and trusts the CA's keys. Needs `npm run build` first (test:e2e builds).
//   node e2e/deploy.mjs
// Prints each step with its time, "N passed, N failed" last, and exits non-zero on a failure.
import { spawnSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assert,
  expectHolders,
  launchBrowser,
  newVisitor,
  openPage,
  pageText,
  pageTitled,
  sharePage,
  sharePrivatePage,
} from './browser.mjs';
import { assertHostileHostsIgnored, proxiedSocket } from './deploy-defaults.mjs';
import { freePort, startProcess, stopProcess, waitForHttp } from './servers.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const CADDY_DIR = join(ROOT, 'e2e/caddy');
const LOG_DIR = join(ROOT, 'e2e/.artifacts/deploy');
const DRAIN_MS = 1500;
const WAIT_MS = 20_000;
/** Per client address and node: above the browser tabs of the test (all from 127.0.0.1), low enough to fill. */
const CONNECTIONS_PER_ADDRESS = 20;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const results = { passed: 0, failed: 0 };

async function step(name, run) {
  const t0 = Date.now();
  try {
    const note = await run();
    results.passed += 1;
    console.log(`ok - ${name} (${Date.now() - t0} ms)${note ? ` # ${note}` : ''}`);
  } catch (error) {
    results.failed += 1;
    console.log(
      `not ok - ${name}\n  ${String(error?.stack ?? error)
        .split('\n')
        .slice(0, 6)
        .join('\n  ')}`,
    );
    throw error;
  }
}

async function eventually(check, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not within ${ms} ms: ${last?.message ?? last}`);
}

async function metric(port, name) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

/** GET over https through Caddy, trusting only its local CA. */
function viaProxy(ca, port, host, path) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, servername: host, headers: { host: `${host}:${port}` }, path, ca },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** base64 SHA-256 of a certificate's public key, for Chromium's --ignore-certificate-errors-spki-list. */
function spkiHash(pem) {
  return createHash('sha256')
    .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

function startRedis(port) {
  return startProcess(
    'redis',
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
    LOG_DIR,
  );
}

async function main() {
  for (const built of ['.next/BUILD_ID', 'dist/realtime/realtime/main.js']) {
    if (!existsSync(join(ROOT, built)))
      throw new Error(`The app is not built (${built} is missing): run "npm run build" first.`);
  }
  for (const [tool, args] of [
    ['caddy', ['version']],
    ['redis-server', ['--version']],
  ]) {
    if (spawnSync(tool, args).error) throw new Error(`${tool} is not installed: apt-get install -y ${tool}`);
  }
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const caddyHome = mkdtempSync(join(tmpdir(), 'ephemeral-caddy-'));
  const [https, http, web, sameWeb, bareWeb, nodeA, nodeB, redisPort] = await Promise.all(
    Array.from({ length: 8 }, freePort),
  );
  const app = `https://app.test:${https}`;
  const rt = `https://rt.test:${https}`;
  const same = `https://same.test:${https}`;
  const children = [];
  const spawned = (child) => (children.push(child), child);

  const caddyEnv = (websocket) => ({
    CADDY_STORAGE: join(caddyHome, 'storage'),
    CADDY_DIR,
    HTTP_PORT: String(http),
    HTTPS_PORT: String(https),
    WEB_PORT: String(web),
    SAME_WEB_PORT: String(sameWeb),
    BARE_WEB_PORT: String(bareWeb),
    NODE_A_PORT: String(nodeA),
    NODE_B_PORT: String(nodeB),
    WEBSOCKET: websocket,
    HOME: caddyHome,
    XDG_CONFIG_HOME: join(caddyHome, 'config'),
    XDG_DATA_HOME: join(caddyHome, 'data'),
  });
  const startCaddy = (websocket) =>
    spawned(
      startProcess(
        `caddy-${websocket}`,
        'caddy',
        ['run', '--config', join(CADDY_DIR, 'Caddyfile'), '--adapter', 'caddyfile'],
        caddyEnv(websocket),
        LOG_DIR,
      ),
    );

  const sidecarEnv = (port) => ({
    NODE_ENV: 'production',
    REALTIME_PORT: String(port),
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    CORS_ORIGIN: `${app},${same}`,
    DRAIN_MS: String(DRAIN_MS),
    LOG_LEVEL: 'debug',
    // The header Caddy writes (README, "Behind Caddy"): without it every client is Caddy's 127.0.0.1.
    TRUST_PROXY_HEADER: 'X-Forwarded-For',
    CONNECTIONS_PER_ADDRESS: String(CONNECTIONS_PER_ADDRESS),
  });
  const startSidecar = (name, port) =>
    spawned(startProcess(name, process.execPath, ['dist/realtime/realtime/main.js'], sidecarEnv(port), LOG_DIR));

  const nextStart = (name, port, env) =>
    startProcess(
      name,
      process.execPath,
      [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)],
      env,
      LOG_DIR,
    );

  let browser;
  let caddy;
  try {
    let a;
    let b;
    /** next start with `env` exits at once with status 1 and `message` in its log, no stack trace. */
    const refusesToStart = async (name, env, message) => {
      const bad = nextStart(name, web, env);
      const code = await new Promise((resolve) => bad.once('exit', resolve));
      const log = readFileSync(bad.logFile, 'utf8');
      assert(code === 1, `next start exited with ${code}`);
      assert(log.includes(message), `the log says "${message}": ${log}`);
      assert(!/\n\s+at /.test(log), 'no stack trace');
    };
    await step("Vercel's functions carry the documents' parts: each document route traces viewer/.built", () => {
      // Vercel ships a route with the files Next traced for it (next.config.js's outputFileTracingIncludes).
      for (const route of ['editor-document/route', 'viewer-document/[hash]/route']) {
        const trace = JSON.parse(readFileSync(join(ROOT, `.next/server/app/${route}.js.nft.json`), 'utf8'));
        assert(
          trace.files.some((file) => file.endsWith('viewer/.built/viewer.json')),
          `${route} does not trace viewer/.built/viewer.json: deployed, it would answer 500`,
        );
      }
    });
    await step('a REALTIME_URL with a path stops next start at once with one message, no stack trace', () =>
      refusesToStart(
        'web-bad-url',
        { REALTIME_URL: `${rt}/socket` },
        "web: REALTIME_URL must be the sidecar's http(s) origin with no path",
      ),
    );
    await step('on Vercel (VERCEL set) without REALTIME_URL, next start stops at once, naming it with an example', () =>
      refusesToStart(
        'web-vercel-unset',
        { VERCEL: '1', REALTIME_URL: '' },
        "web: REALTIME_URL must be set on Vercel (for Production and Preview): the sidecar's origin, such as REALTIME_URL=https://",
      ),
    );

    await step('redis-server, two sidecar nodes, the built web app and Caddy start', async () => {
      const redis = spawned(startRedis(redisPort));
      await eventually(async () => {
        if (redis.exitCode !== null) throw new Error(`redis-server exited; see ${redis.logFile}`);
        const { createConnection } = await import('node:net');
        await new Promise((resolve, reject) =>
          createConnection(redisPort, '127.0.0.1').once('connect', resolve).once('error', reject),
        );
      }, 'redis-server');
      a = startSidecar('node-a', nodeA);
      b = startSidecar('node-b', nodeB);
      const webApp = spawned(nextStart('web', web, { REALTIME_URL: rt }));
      // The page reaches the sidecar on its own origin, through Caddy.
      const sameOrigin = spawned(nextStart('web-same-origin', sameWeb, { REALTIME_URL: 'same-origin' }));
      // An operator who forgot REALTIME_URL: production, no settings at all.
      const bare = spawned(nextStart('web-bare', bareWeb, { REALTIME_URL: '' }));
      caddy = startCaddy('open');
      await Promise.all([
        waitForHttp(`http://127.0.0.1:${nodeA}/healthz`, a, 'node a'),
        waitForHttp(`http://127.0.0.1:${nodeB}/healthz`, b, 'node b'),
        waitForHttp(`http://127.0.0.1:${web}/`, webApp, 'web'),
        waitForHttp(`http://127.0.0.1:${sameWeb}/`, sameOrigin, 'web (same origin)'),
        waitForHttp(`http://127.0.0.1:${bareWeb}/`, bare, 'web (no settings)'),
      ]);
      // 200 only once joined: both nodes are in one cluster.
      await eventually(async () => {
        for (const port of [nodeA, nodeB])
          if ((await metric(port, 'ephemeral_cluster_peers')) !== 1) throw new Error('peers');
      }, 'the two nodes see each other');
      return `at ${elapsed()}`;
    });

    let ca;
    await step('Caddy serves both names over TLS from its local CA', async () => {
      const pki = join(caddyHome, 'storage/pki/authorities/local');
      await eventually(() => readFileSync(join(pki, 'root.crt')), 'the local CA');
      ca = readFileSync(join(pki, 'root.crt'));
      await eventually(async () => {
        const health = await viaProxy(ca, https, 'rt.test', '/healthz');
        if (health.status !== 200) throw new Error(String(health.status));
        const page = await viaProxy(ca, https, 'app.test', '/');
        if (page.status !== 200) throw new Error(String(page.status));
      }, 'https through Caddy');
      const page = await viaProxy(ca, https, 'app.test', '/');
      assert(/max-age=\d+/.test(page.headers['strict-transport-security'] ?? ''), 'the web app sends HSTS');
      const keys = ['root.crt', 'intermediate.crt'].map((f) => spkiHash(readFileSync(join(pki, f), 'utf8')));
      browser = await launchBrowser([], {
        mapped: ['app.test', 'rt.test', 'same.test', 'bare.test'],
        args: [`--ignore-certificate-errors-spki-list=${keys.join(',')}`],
      });
    });

    await step(
      'REALTIME_URL unset behind a public name: the page and /api/config answer a configuration error naming REALTIME_URL, not a guessed relay',
      async () => {
        const page = await viaProxy(ca, https, 'bare.test', '/');
        assert(page.status === 500, `the page answered ${page.status}`);
        assert(
          page.body.startsWith('Configuration error: REALTIME_URL is not set, and bare.test is not this machine'),
          `the page says: ${page.body}`,
        );
        const config = await viaProxy(ca, https, 'bare.test', '/api/config');
        assert(config.status === 500, `/api/config answered ${config.status}`);
        assert(/REALTIME_URL is not set/.test(JSON.parse(config.body).error), `/api/config says: ${config.body}`);
        // The same app on this machine's own address keeps the quick start's promise.
        const local = await fetch(`http://127.0.0.1:${bareWeb}/api/config`);
        const { realtimeUrl } = local.ok ? await local.json() : {};
        assert(/^http:\/\/127\.0\.0\.1:\d+$/.test(realtimeUrl), `a local request still works: ${realtimeUrl}`);
      },
    );

    await step('hostile Host and X-Forwarded-Host reach neither the CSP nor any URL the apps write', async () => {
      let answers = 0;
      for (const port of [web, sameWeb, bareWeb]) answers += await assertHostileHostsIgnored(port);
      // Through Caddy, which writes X-Forwarded-Host and -Proto itself: the card's image is on the real origin.
      const page = await viaProxy(ca, https, 'app.test', '/');
      assert(page.body.includes(`content="${app}/og-card.png"`), 'og:image is on https://app.test');
      assert(!page.body.includes('evil'), 'nothing hostile');
      return `${answers} answers checked`;
    });

    await step(
      `client addresses through Caddy: one address fills its ${CONNECTIONS_PER_ADDRESS} connections per node, another still gets in`,
      async () => {
        const idle = [await metric(nodeA, 'ephemeral_connections'), await metric(nodeB, 'ephemeral_connections')];
        const open = [];
        let refusedInARow = 0;
        for (let i = 0; i < 2 * CONNECTIONS_PER_ADDRESS + 4 && refusedInARow < 2; i += 1) {
          const result = await proxiedSocket({ port: https, ca, localAddress: '127.0.0.2' });
          if (result.socket) open.push(result.socket);
          refusedInARow = result.refused === 'too_many_connections' ? refusedInARow + 1 : 0;
        }
        try {
          assert(refusedInARow === 2, `127.0.0.2 refused on both nodes after ${open.length} connections`);
          for (let i = 0; i < 2; i += 1) {
            const other = await proxiedSocket({ port: https, ca, localAddress: '127.0.0.3' });
            assert(other.socket, `127.0.0.3 was refused (${other.refused}): the nodes see one address for all`);
            open.push(other.socket);
          }
        } finally {
          for (const socket of open) socket.close();
        }
        // Gone on both nodes before the next step counts a tab's connection by the nodes' totals.
        await eventually(async () => {
          const now = [await metric(nodeA, 'ephemeral_connections'), await metric(nodeB, 'ephemeral_connections')];
          if (now[0] > idle[0] || now[1] > idle[1]) throw new Error(`still open: ${now} (idle ${idle})`);
        }, 'the test connections closing');
        return `127.0.0.2 admitted ${open.length - 2} times, then refused`;
      },
    );

    const tabs = [];
    const onNode = { a: [], b: [] };
    /** Opens a tab on `url` and notes which node its socket reached (the one whose connections grew). */
    const openTab = async (open) => {
      const before = {
        a: await metric(nodeA, 'ephemeral_connections'),
        b: await metric(nodeB, 'ephemeral_connections'),
      };
      const visitor = await newVisitor(browser);
      await open(visitor.page);
      const node = await eventually(async () => {
        if ((await metric(nodeA, 'ephemeral_connections')) > before.a) return 'a';
        if ((await metric(nodeB, 'ephemeral_connections')) > before.b) return 'b';
        throw new Error('no new connection');
      }, 'the tab connecting');
      onNode[node].push(visitor);
      tabs.push(visitor);
      return visitor;
    };

    const publicText = pageTitled('Deployed public page');
    let publicHash;
    await step('a public page over https: tabs spread over both nodes by round robin, every count agrees', async () => {
      const creator = await openTab(async (page) => {
        publicHash = await sharePage(page, app, publicText);
      });
      assert(
        await creator.page.evaluate(() => window.isSecureContext && !!crypto.subtle),
        'the page is a secure context',
      );
      for (let i = 0; i < 3; i += 1) {
        await openTab((page) => openPage(page, app, publicHash));
      }
      assert(
        onNode.a.length > 0 && onNode.b.length > 0,
        `tabs on both nodes (a: ${onNode.a.length}, b: ${onNode.b.length})`,
      );
      for (const tab of tabs.slice(1)) {
        assert((await pageText(tab.page)).includes('Deployed public page'), 'the verified text');
      }
      for (const tab of tabs) tab.shows = 4;
      await Promise.all(tabs.map((t) => expectHolders(t.page, 4)));
      return `a: ${onNode.a.length} tabs, b: ${onNode.b.length}`;
    });

    let privateLink;
    await step(
      'a private page across nodes: a visitor on the other node decrypts it, every holder counts the same',
      async () => {
        const creator = tabs[0];
        const creatorNode = onNode.a.includes(creator) ? 'a' : 'b';
        privateLink = (await sharePrivatePage(creator.page, app, pageTitled('Deployed private page'))).link;
        creator.shows = 2;
        // Round robin alternates: within a few new tabs one lands on the other node.
        let visitor;
        for (let tries = 0; tries < 4 && !visitor; tries += 1) {
          const tab = await openTab(async (page) => {
            await page.goto(privateLink);
            await page.getByTestId('page-content').waitFor();
          });
          tab.shows = 2;
          if (!onNode[creatorNode].includes(tab)) visitor = tab;
        }
        assert(visitor, 'a visitor on the other node');
        assert((await pageText(visitor.page)).includes('Deployed private page'), 'the decrypted text');
        // The creator (still holding the public page too) and every tab that opened the link.
        const privateTabs = tabs.filter((t) => t.shows === 2);
        for (const tab of privateTabs) tab.shows = privateTabs.length;
        await Promise.all(privateTabs.map((t) => expectHolders(t.page, t.shows)));
        return `${privateTabs.length} holders`;
      },
    );

    await step('only WebSocket was used', async () => {
      const log = readFileSync(a.logFile, 'utf8') + readFileSync(b.logFile, 'utf8');
      const transports = [...log.matchAll(/"transport":"(\w+)","msg":"connected"/g)].map((m) => m[1]);
      assert(
        transports.length >= tabs.length && transports.every((t) => t === 'websocket'),
        `transports: ${transports.join(',')}`,
      );
    });

    await step(
      `SIGTERM to node a: it drains ${DRAIN_MS} ms (Caddy takes it out), leaves; counts never inflate and are right again soon`,
      async () => {
        // Each tab records the largest count it shows from now on.
        await Promise.all(
          tabs.map((t) =>
            t.page.evaluate(() => {
              window.__maxHolders = 0;
              // The open page's own meter: the held-pages list has one for every page the tab holds.
              const hash = window.location.pathname.slice(1);
              const read = () => {
                const meter = document.querySelector(`[data-testid="health-meter"][data-hash="${hash}"]`);
                window.__maxHolders = Math.max(window.__maxHolders, Number(meter?.getAttribute('data-holders')) || 0);
              };
              read();
              new MutationObserver(read).observe(document.body, { subtree: true, attributes: true, childList: true });
            }),
          ),
        );
        const signalled = Date.now();
        const exited = new Promise((resolve) => a.once('exit', (code) => resolve({ code, at: Date.now() })));
        process.kill(-a.pid, 'SIGTERM');
        await eventually(async () => {
          const health = await fetch(`http://127.0.0.1:${nodeA}/healthz`);
          if (health.status !== 503) throw new Error(String(health.status));
        }, 'node a draining');
        const { code, at: gone } = await exited;
        assert(code === 0, `node a exited with ${code}`);
        // Every tab of node a is now on node b, and every tab shows the right count again.
        await eventually(async () => {
          if ((await metric(nodeB, 'ephemeral_connections')) !== tabs.length) throw new Error('not all on b');
        }, 'every tab reconnected to node b');
        await Promise.all(tabs.map((t) => expectHolders(t.page, t.shows)));
        const settled = Date.now();
        const maxSeen = await Promise.all(tabs.map((t) => t.page.evaluate(() => window.__maxHolders)));
        const inflated = tabs.filter((t, i) => maxSeen[i] > t.shows);
        assert(
          inflated.length === 0,
          `a count above the real one was shown: ${maxSeen.join(',')} against ${tabs.map((t) => t.shows).join(',')}`,
        );
        const log = readFileSync(a.logFile, 'utf8');
        for (const msg of [
          'draining: /healthz answers 503',
          'closing: telling the other nodes',
          'realtime sidecar closed',
        ]) {
          assert(log.includes(msg), `node a logged "${msg}"`);
        }
        return `drain and exit ${gone - signalled} ms after SIGTERM; counts right ${settled - gone} ms after node a left`;
      },
    );

    await step('the pages survived: a new visitor gets both from node b', async () => {
      const visitor = await newVisitor(browser);
      tabs.push(visitor);
      await openPage(visitor.page, app, publicHash);
      await visitor.page.goto(privateLink);
      await visitor.page.getByTestId('page-content').waitFor();
    });

    await step(
      'same-origin routing with REALTIME_URL=same-origin: the page reaches the nodes on its own origin over WebSocket, the CSP agrees',
      async () => {
        const visitor = await newVisitor(browser);
        const blocked = [];
        visitor.page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
        });
        const sockets = [];
        visitor.page.on('websocket', (socket) => sockets.push(socket.url()));
        const response = await visitor.page.goto(`${same}/${publicHash}`);
        assert(
          (response.headers()['content-security-policy'] ?? '').includes(`wss://same.test:${https}`),
          "connect-src names the page's own origin with wss:",
        );
        await visitor.page.getByTestId('page-content').waitFor();
        assert((await pageText(visitor.page)).includes('Deployed public page'), 'the verified text');
        assert(blocked.length === 0, `CSP violations: ${blocked.join('; ')}`);
        assert(
          sockets.some((url) => url.startsWith(`wss://same.test:${https}/socket.io/`)),
          `a WebSocket to its own origin: ${sockets.join(', ')}`,
        );
        // Its WebSocket to same.test would stay open through the next step's proxy, which blocks rt.test only.
        await visitor.context.close();
      },
    );

    await step('a proxy that blocks WebSocket: the visitor is told so at once, no session is left open', async () => {
      await stopProcess(caddy);
      caddy = startCaddy('blocked');
      await eventually(async () => {
        if ((await viaProxy(ca, https, 'rt.test', '/healthz')).status !== 200) throw new Error('not up');
      }, 'Caddy with WebSocket blocked');
      const visitor = await newVisitor(browser);
      tabs.push(visitor);
      const t0 = Date.now();
      await visitor.page.goto(`${app}/${publicHash}`);
      await visitor.page.getByText('WebSocket is blocked on this network').first().waitFor({ timeout: WAIT_MS });
      const shown = Date.now() - t0;
      // The refusal opened no session: node b's connections are only the tabs reconnecting over WebSocket... which is blocked now.
      await eventually(async () => {
        if ((await metric(nodeB, 'ephemeral_connections')) !== 0) throw new Error('sessions open');
      }, 'no session left on node b');
      return `message shown ${shown} ms after the page was opened`;
    });
  } finally {
    await browser?.close().catch(() => {});
    await Promise.all(children.map((c) => stopProcess(c)));
    rmSync(caddyHome, { recursive: true, force: true });
  }
}

main()
  .catch((error) => {
    if (results.failed === 0) console.error(error);
  })
  .finally(() => {
    console.log(
      `${results.passed} passed, ${results.failed} failed (${elapsed()} in all; logs in e2e/.artifacts/deploy)`,
    );
    process.exit(results.failed === 0 && results.passed > 0 ? 0 : 1);
  });
