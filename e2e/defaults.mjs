// `npm start` and `npm run dev` with no settings at all, as the quick start
// promises: the author's and a visitor's sockets must reach the sidecar over
// WebSocket, with no CSP violation on the way, in Next's pages and in the
// viewer document a shared link opens.
import { createServer } from 'node:net';
import { assert, expectHolders, openPage, pageTitled, sharePage, visitorsOf } from './browser.mjs';
import { freePort, startProcess, stopProcess, waitForHttp } from './servers.mjs';

function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A web port whose sidecar port (1000 above, where `npm start` puts it) is free too. */
async function webPortWithSidecarRoom() {
  for (;;) {
    const port = await freePort();
    if (port + 1000 <= 65535 && (await isFree(port + 1000))) return port;
  }
}

/** Empty values hide whatever the environment running the tests sets. */
const NO_SETTINGS = { REALTIME_URL: '', REALTIME_PORT: '', CORS_ORIGIN: '', NODE_ENV: '' };

/** A tab that notes every CSP violation its console reports and every WebSocket it opens. */
async function watchedTab(visitor) {
  const { page } = await visitor();
  const violations = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to connect/i.test(message.text())) violations.push(message.text());
  });
  const sockets = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  return { page, violations, sockets };
}

/**
 * The author shares on `origin` and a visitor opens the link (the viewer
 * document): both reach the sidecar at `port + 1000` over WebSocket, and
 * neither console reports a CSP violation.
 */
async function shareAndVisit(visitor, port, label) {
  const origin = `http://localhost:${port}`;
  const author = await watchedTab(visitor);
  const hash = await sharePage(author.page, origin, pageTitled(label));
  await expectHolders(author.page, 1);
  const reader = await watchedTab(visitor);
  await openPage(reader.page, origin, hash);
  await expectHolders(reader.page, 2);
  for (const [who, tab] of [
    ['the author', author],
    ['the visitor', reader],
  ]) {
    assert(tab.violations.length === 0, `CSP violations for ${who}: ${tab.violations.join(' | ')}`);
    assert(
      tab.sockets.some((url) => url.startsWith(`ws://localhost:${port + 1000}/socket.io/`)),
      `a WebSocket to the sidecar for ${who}: ${tab.sockets.join(', ') || 'none'}`,
    );
  }
}

export function defineDefaultsTests({ browser, logDir }) {
  const { visitor, closeAll, cleanups } = visitorsOf(browser);
  return [
    {
      name: 'npm start with no settings: WebSocket to the sidecar, no CSP violation in the console',
      async run() {
        const port = await webPortWithSidecarRoom();
        const app = startProcess(
          'npm-start-defaults',
          'npm',
          ['start'],
          { PORT: String(port), ...NO_SETTINGS },
          logDir,
        );
        cleanups.push(() => stopProcess(app));
        await waitForHttp(`http://127.0.0.1:${port + 1000}/healthz`, app, 'the sidecar of npm start');
        await waitForHttp(`http://localhost:${port}/`, app, 'the web app of npm start');
        await shareAndVisit(visitor, port, 'Shared on the defaults');
      },
    },
    {
      name: 'npm run dev with no settings: WebSocket to the sidecar, no CSP violation in the console',
      // next dev compiles each route on its first request.
      timeoutMs: 180_000,
      async run() {
        const port = await webPortWithSidecarRoom();
        const app = startProcess(
          'npm-dev-defaults',
          'npm',
          ['run', 'dev'],
          { PORT: String(port), ...NO_SETTINGS },
          logDir,
        );
        cleanups.push(() => stopProcess(app));
        await waitForHttp(`http://127.0.0.1:${port + 1000}/healthz`, app, 'the sidecar of npm run dev', 90_000);
        await waitForHttp(`http://localhost:${port}/`, app, 'the web app of npm run dev', 120_000);
        await shareAndVisit(visitor, port, 'Shared on the dev defaults');
      },
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
