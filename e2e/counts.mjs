// Holder counts in the browser: a visible tab's meter follows the page, a hidden tab costs the relay nothing.
import { assert, expectHolders, openPage, pageTitled, sharePage, visitorsOf } from './browser.mjs';

/**
 * Headless Chromium keeps every page visible: bringing another page to front,
 * minimizing the window over CDP (Browser.setWindowBounds), activating another
 * tab of the same window, with focus emulation off and without Playwright's
 * occlusion flags, all leave document.visibilityState "visible". So the test
 * sets what the Page Visibility API reports and fires visibilitychange, as
 * the browser does when a tab goes to the background, and checks the page sees it.
 */
async function setVisibility(page, state) {
  await page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
  assert((await page.evaluate(() => document.visibilityState)) === state, `the tab reports itself ${state}`);
}

/** Counts the Socket.IO frames of `event` the tab receives and sends on its relay connection. */
function frames(page, event) {
  const seen = { received: 0, sent: [] };
  const mark = `"${event}"`;
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes(mark)) seen.received += 1;
    });
    ws.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes(mark)) seen.sent.push(payload);
    });
  });
  return seen;
}

/** Waits for the meter and says how long it took, for the report (speed is the benchmark's, not an assertion). */
async function timedHolders(page, holders, since) {
  await expectHolders(page, holders);
  return Date.now() - since;
}

export function defineCountTests({ browser, servers }) {
  const origin = servers.webOrigin;
  const { visitor, closeAll } = visitorsOf(browser);

  return [
    {
      name: "a visible tab's meter follows joins and leaves",
      async run() {
        const a = await visitor();
        const hash = await sharePage(a.page, origin, pageTitled('Counted live'));
        await expectHolders(a.page, 1);
        const b = await visitor();
        const joinedAt = Date.now();
        await openPage(b.page, origin, hash);
        const joinMs = await timedHolders(a.page, 2, joinedAt);
        const c = await visitor();
        await openPage(c.page, origin, hash);
        await expectHolders(a.page, 3);
        const leftAt = Date.now();
        await c.context.close();
        const leaveMs = await timedHolders(a.page, 2, leftAt);
        console.log(`# the meter followed a join in ${joinMs} ms (page load included) and a leave in ${leaveMs} ms`);
      },
    },
    {
      name: 'a hidden tab gets no counts, and shows the right one at once when shown again',
      async run() {
        const a = await visitor();
        const aHolders = frames(a.page, 'page:holders');
        const aWatch = frames(a.page, 'page:watch');
        const hash = await sharePage(a.page, origin, pageTitled('Counted only when looked at'));
        const b = await visitor();
        await openPage(b.page, origin, hash);
        await expectHolders(a.page, 2);
        await expectHolders(b.page, 2);

        await setVisibility(a.page, 'hidden');
        const received = aHolders.received;
        const c = await visitor();
        await openPage(c.page, origin, hash);
        const d = await visitor();
        await openPage(d.page, origin, hash);
        await expectHolders(b.page, 4);
        // Negative window: the visible tab already shows 4; any count to the hidden one would come with
        // the same broadcast, or with a trailing one within HOLDERS_INTERVAL_MS (1 s).
        await new Promise((resolve) => setTimeout(resolve, 1500));
        assert(aHolders.received === received, `the hidden tab received ${aHolders.received - received} page:holders`);
        assert(
          aWatch.sent.some((f) => f.includes('"watch":false')),
          'the hidden tab told the relay it stopped watching',
        );
        await expectHolders(a.page, 2);

        await setVisibility(a.page, 'visible');
        await expectHolders(a.page, 4);
        const shownAgain = aHolders.received;
        await d.context.close();
        await expectHolders(a.page, 3);
        assert(aHolders.received > shownAgain, 'shown again, the tab gets counts as they change');
      },
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
