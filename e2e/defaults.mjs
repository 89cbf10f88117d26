// `npm start` with no settings at all, as the quick start promises: the page's
// socket must reach the sidecar over WebSocket, with no CSP violation on the way.
import { createServer } from 'node:net';
import { assert, expectHolders, pageTitled, sharePage, visitorsOf } from './browser.mjs';
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

export function defineDefaultsTests({ browser, logDir }) {
  const { visitor, closeAll, cleanups } = visitorsOf(browser);
  return [
    {
      name: 'npm start with no settings: WebSocket to the sidecar, no CSP violation in the console',
      async run() {
        const port = await webPortWithSidecarRoom();
        // Empty values hide whatever the environment running the tests sets.
        const app = startProcess(
          'npm-start-defaults',
          'npm',
          ['start'],
          { PORT: String(port), REALTIME_URL: '', REALTIME_PORT: '', CORS_ORIGIN: '', NODE_ENV: '' },
          logDir,
        );
        cleanups.push(() => stopProcess(app));
        await waitForHttp(`http://127.0.0.1:${port + 1000}/healthz`, app, 'the sidecar of npm start');
        await waitForHttp(`http://localhost:${port}/`, app, 'the web app of npm start');

        const { page } = await visitor();
        const violations = [];
        page.on('console', (message) => {
          if (/Content Security Policy|Refused to connect/i.test(message.text())) violations.push(message.text());
        });
        const sockets = [];
        page.on('websocket', (socket) => sockets.push(socket.url()));
        const origin = `http://localhost:${port}`;
        await sharePage(page, origin, pageTitled('Shared on the defaults'));
        await expectHolders(page, 1);
        assert(violations.length === 0, `CSP violations: ${violations.join(' | ')}`);
        assert(
          sockets.some((url) => url.startsWith(`ws://localhost:${port + 1000}/socket.io/`)),
          `a WebSocket to the sidecar: ${sockets.join(', ') || 'none'}`,
        );
      },
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
