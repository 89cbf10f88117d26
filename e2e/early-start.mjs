// Issue 20: the relay connection starts with the page, not after React. These
// tests assert the order of events, never how long they took.
import { assert, expectHolders, pageText, pageTitled, sharePage, sharePrivatePage, visitorsOf } from './browser.mjs';

/**
 * Runs before the page's own scripts (through CDP, so the CSP does not apply):
 * notes every WebSocket the page creates and whether React had begun to
 * hydrate the document (hydrateRoot marks its container) when it did.
 */
const RECORD_SOCKETS = `(() => {
  const sockets = [];
  window.__sockets = sockets;
  const hydrating = () => Object.keys(document).some((key) => key.startsWith('__reactContainer$'));
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      sockets.push({ url: String(url), beforeHydration: !hydrating() });
      super(url, protocols);
    }
  };
})();`;

export function defineEarlyStartTests({ browser, servers }) {
  const origin = servers.webOrigin;
  const relayHost = new URL(servers.realtimeUrl).host;
  const { visitor, closeAll } = visitorsOf(browser);

  /**
   * Opens `link` in a fresh context and checks the order: one relay WebSocket,
   * created before hydration. With `textFirst`, the framework's scripts are
   * held back until the page's verified text is on screen, which they are not
   * needed for; then React hydrates around it without complaint.
   */
  async function openAndCheckOrder(link, title, { textFirst = false } = {}) {
    const reader = await visitor();
    await reader.context.addInitScript(RECORD_SOCKETS);
    const hydrationErrors = [];
    reader.page.on('console', (message) => {
      if (message.type() === 'error' && /hydrat/i.test(message.text())) hydrationErrors.push(message.text());
    });
    let releaseFramework = () => {};
    if (textFirst) {
      const released = new Promise((resolve) => (releaseFramework = resolve));
      await reader.context.route('**/_next/static/chunks/*.js', async (route) => {
        await released;
        await route.continue();
      });
    }
    await reader.page.goto(link, { waitUntil: 'commit' });
    if (textFirst) {
      const early = reader.page.locator('#early-page-text pre');
      await early.getByText(title).waitFor();
      const hydrating = await reader.page.evaluate(() =>
        Object.keys(document).some((key) => key.startsWith('__reactContainer$')),
      );
      assert(!hydrating, 'React began hydrating while its scripts were held back');
      const socketsSoFar = await reader.page.evaluate(() => window.__sockets.length);
      assert(socketsSoFar === 1, `the early text came over one WebSocket, got ${socketsSoFar}`);
      releaseFramework();
    }
    await reader.page.getByTestId('page-content').waitFor();
    if (textFirst) await reader.page.locator('#early-page-text').waitFor({ state: 'detached' });
    assert(hydrationErrors.length === 0, `hydration errors: ${hydrationErrors.join(' | ')}`);
    assert(reader.errors.length === 0, `page errors: ${reader.errors.join(' | ')}`);
    assert((await pageText(reader.page)).includes(title), `the visitor was shown something other than "${title}"`);
    await expectHolders(reader.page, 2);
    const sockets = await reader.page.evaluate(() => window.__sockets);
    const relay = sockets.filter((socket) => new URL(socket.url).host === relayHost);
    assert(relay.length === 1, `one relay WebSocket per tab, got ${relay.length}: ${JSON.stringify(sockets)}`);
    assert(relay[0].beforeHydration, 'the relay WebSocket was created only after React began hydrating');
    const hydrated = await reader.page.evaluate(() =>
      Object.keys(document).some((key) => key.startsWith('__reactContainer$')),
    );
    assert(hydrated, 'React never hydrated the page, so the order proves nothing');
  }

  return [
    {
      name: 'early start: a public page is asked for on a WebSocket created before React hydrates, the only one in the tab',
      run: async () => {
        const holder = await visitor();
        const title = 'Early start public';
        const hash = await sharePage(holder.page, origin, pageTitled(title));
        await openAndCheckOrder(`${origin}/${hash}`, title);
      },
    },
    {
      name: 'early start: a public page shows its verified text before any of the framework has run, then React hydrates around it',
      run: async () => {
        const holder = await visitor();
        const title = 'Early text public';
        const hash = await sharePage(holder.page, origin, pageTitled(title));
        await openAndCheckOrder(`${origin}/${hash}`, title, { textFirst: true });
      },
    },
    {
      name: 'early start: a private page too, decrypted in the browser with the key from the link',
      run: async () => {
        const holder = await visitor();
        const title = 'Early start private';
        const { link } = await sharePrivatePage(holder.page, origin, pageTitled(title));
        await openAndCheckOrder(link, title);
      },
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
