// Issue 20: the relay connection starts with the page, not after React. These
// tests assert the order of events, never how long they took.
import {
  assert,
  expectHolders,
  openPage,
  pageText,
  pageTitled,
  sharePage,
  sharePrivatePage,
  visitorsOf,
} from './browser.mjs';

/**
 * Whether the app has begun to render: React marks the document it hydrates
 * in Next's pages; the editor and viewer documents mark #app as their script
 * starts rendering there (viewer/main.tsx).
 */
const APP_STARTED = `() =>
  Object.keys(document).some((key) => key.startsWith('__reactContainer$')) ||
  document.getElementById('app')?.hasAttribute('data-app-started') === true`;

/**
 * Runs before the page's own scripts (through CDP, so the CSP does not apply):
 * notes every WebSocket the page creates and whether the app had begun to
 * render when it did.
 */
const RECORD_SOCKETS = `(() => {
  const sockets = [];
  window.__sockets = sockets;
  const appStarted = ${APP_STARTED};
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      sockets.push({ url: String(url), beforeApp: !appStarted() });
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
   * created before the app began to render, and no framework loaded: a link
   * opens the viewer document and the viewer without Next's runtime. With
   * `textFirst`, the viewer's scripts are held back until the page's verified
   * text is on screen, which they are not needed for; then the app takes over
   * without complaint.
   */
  async function openAndCheckOrder(link, title, { textFirst = false } = {}) {
    const reader = await visitor();
    await reader.context.addInitScript(RECORD_SOCKETS);
    const consoleErrors = [];
    const frameworkScripts = [];
    reader.page.on('request', (request) => {
      if (request.url().includes('/_next/')) frameworkScripts.push(request.url());
    });
    reader.page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    let releaseFramework = () => {};
    if (textFirst) {
      const released = new Promise((resolve) => (releaseFramework = resolve));
      await reader.context.route(/\/(_next\/static\/chunks|viewer)\/.*\.js/, async (route) => {
        await released;
        await route.continue();
      });
    }
    await reader.page.goto(link, { waitUntil: 'commit' });
    if (textFirst) {
      const early = reader.page.locator('#early-page-text pre');
      await early.getByText(title).waitFor();
      const started = await reader.page.evaluate(`(${APP_STARTED})()`);
      assert(!started, 'the app began to render while its scripts were held back');
      const socketsSoFar = await reader.page.evaluate(() => window.__sockets.length);
      assert(socketsSoFar === 1, `the early text came over one WebSocket, got ${socketsSoFar}`);
      releaseFramework();
    }
    await reader.page.getByTestId('page-content').waitFor();
    if (textFirst) await reader.page.locator('#early-page-text').waitFor({ state: 'detached' });
    assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
    assert(reader.errors.length === 0, `page errors: ${reader.errors.join(' | ')}`);
    assert((await pageText(reader.page)).includes(title), `the visitor was shown something other than "${title}"`);
    await expectHolders(reader.page, 2);
    const sockets = await reader.page.evaluate(() => window.__sockets);
    const relay = sockets.filter((socket) => new URL(socket.url).host === relayHost);
    assert(relay.length === 1, `one relay WebSocket per tab, got ${relay.length}: ${JSON.stringify(sockets)}`);
    assert(relay[0].beforeApp, 'the relay WebSocket was created only after the app began to render');
    const started = await reader.page.evaluate(`(${APP_STARTED})()`);
    assert(started, 'the app never rendered the page, so the order proves nothing');
    assert(frameworkScripts.length === 0, `a shared link loaded Next's runtime: ${frameworkScripts.join(' ')}`);
  }

  return [
    {
      name: 'early start: a public page is asked for on a WebSocket created before the app renders, the only one in the tab',
      run: async () => {
        const holder = await visitor();
        const title = 'Early start public';
        const hash = await sharePage(holder.page, origin, pageTitled(title));
        await openAndCheckOrder(`${origin}/${hash}`, title);
      },
    },
    {
      name: 'early start: a public page shows its verified text before any of the app has run, then the app takes over',
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
    {
      name: 'viewer document: Share keeps the author in its document; another held page opens in place on the same WebSocket, and the last holder goes to the editor in place, its pages kept',
      run: async () => {
        const holder = await visitor();
        await holder.page.goto(`${origin}/`);
        // Until the app has taken over the editor's markup, its links are plain ones.
        await holder.page.waitForFunction(() => !document.querySelector('#share-not-ready'));
        await holder.page.evaluate(() => (window.__sameDocument = true));
        const first = await sharePage(holder.page, origin, pageTitled('Viewer document one'));
        const second = await sharePage(holder.page, origin, pageTitled('Viewer document two'));
        assert(
          await holder.page.evaluate(() => window.__sameDocument),
          "the author's tab loaded a new document after Share: it must keep its connection",
        );
        const reader = await visitor();
        await openPage(reader.page, origin, first);
        await openPage(reader.page, origin, second);
        await expectHolders(reader.page, 2);
        // From here on, this tab is the last holder of both.
        await holder.context.close();
        await expectHolders(reader.page, 1);
        await reader.page.evaluate(RECORD_SOCKETS);
        await reader.page.getByTestId('held-page').getByRole('link', { name: 'Viewer document one' }).click();
        await reader.page.waitForURL(`${origin}/${first}`);
        await reader.page.getByRole('heading', { level: 1, name: 'Viewer document one' }).waitFor();
        await reader.page.getByTestId('page-content').waitFor();
        assert(
          (await reader.page.evaluate(() => window.__sockets.length)) === 0,
          'opening another held page made a new connection: it should open in place',
        );
        await reader.page.getByRole('link', { name: 'Ephemeral P2P' }).click();
        await reader.page.waitForURL(`${origin}/`);
        await reader.page.getByRole('heading', { name: 'Pages you are keeping alive' }).waitFor();
        await reader.page
          .locator('[data-testid="held-page"] [data-testid="health-meter"][data-holders="1"]')
          .nth(1)
          .waitFor();
        assert(!(reader.page.dialogsSeen ?? []).includes('beforeunload'), 'going to the editor asked before leaving');
        assert(
          (await reader.page.evaluate(() => window.__sockets.length)) === 0,
          'going to the editor made a new connection: it should open in place',
        );
        assert(reader.errors.length === 0, `page errors: ${reader.errors.join(' | ')}`);
      },
    },
    {
      name: 'editor document: / is on screen and takes typing before any script runs, with no framework but React; what was typed and ticked is kept when the app takes over, and Share stays in the document',
      run: async () => {
        const author = await visitor();
        const frameworkScripts = [];
        author.page.on('request', (request) => {
          if (request.url().includes('/_next/')) frameworkScripts.push(request.url());
        });
        let release = () => {};
        const released = new Promise((resolve) => (release = resolve));
        await author.context.route(/\/viewer\/.*\.js/, async (route) => {
          await released;
          await route.continue();
        });
        await author.page.goto(`${origin}/`, { waitUntil: 'commit' });
        const field = author.page.getByLabel('Page text');
        const title = 'Typed before the app';
        await author.page.getByLabel('Private page', { exact: true }).check();
        await field.fill(pageTitled(title));
        await field.press('End');
        assert(!(await author.page.evaluate(`(${APP_STARTED})()`)), 'the app began while its script was held back');
        await author.page.getByText('Getting ready to share…').waitFor();
        await author.page.evaluate(() => (window.__sameDocument = true));
        release();
        await author.page.waitForFunction(APP_STARTED);
        const share = author.page.getByRole('button', { name: 'Share' });
        await author.page.waitForFunction(() => !document.querySelector('#share-not-ready'));
        assert((await field.inputValue()).includes(title), 'the text typed before the app took over was lost');
        assert(await author.page.getByLabel('Private page', { exact: true }).isChecked(), 'the Private tick was lost');
        assert(
          await author.page.evaluate(() => document.activeElement?.id === 'page-text'),
          'the field being typed in lost focus when the app took over',
        );
        await share.click();
        await author.page.waitForURL(/\/[0-9a-f]{64}#k=[\w-]{43}$/);
        await author.page.getByRole('heading', { level: 1, name: title }).waitFor();
        assert(await author.page.evaluate(() => window.__sameDocument), 'Share loaded a new document');
        assert(frameworkScripts.length === 0, `the editor loaded Next's runtime: ${frameworkScripts.join(' ')}`);
        assert(author.errors.length === 0, `page errors: ${author.errors.join(' | ')}`);
      },
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
