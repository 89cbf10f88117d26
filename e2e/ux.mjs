// The web app as people use it: safe Stop, GitHub Markdown, one announcement per
// count, right-to-left text, focus, titles, link previews, small things, and axe.
import {
  assert,
  expectHolders,
  holding,
  nobodyHolding,
  openPage,
  OTHER_KEY,
  pageTitled,
  screenshot,
  sharePage,
  sharePrivatePage,
  visitorsOf,
} from './browser.mjs';
import { expectAxeClean } from './axe.mjs';
import { startServers } from './servers.mjs';

const GFM_PAGE = [
  '# Shopping for the trip',
  '',
  '| item | who | cost |',
  '|------|-----|-----:|',
  '| tent | Ana | 120 |',
  '| stove | Ben | 45 |',
  '',
  '- [x] book the campsite',
  '- [ ] buy gas',
  '',
  'The ~~Friday~~ Saturday train; map at https://example.com/map.',
  '',
  'Raw HTML stays text: <b>not bold</b> and <script>window.__pwned = "gfm"</script>',
  '',
  '<div onclick="window.__pwned = \'div\'">a block of HTML</div>',
  '',
  'A note.[^1]',
  '',
  '[^1]: Bring a torch.',
  '',
].join('\n');

const RTL_PAGE = [
  '# مرحبا بالعالم',
  '',
  'هذه صفحة مكتوبة بالعربية.',
  '',
  '## قائمة',
  '',
  'שלום עולם: עמוד בעברית.',
  '',
  'An English line.',
  '',
].join('\n');

/** Texts the app's one polite live region says, recorded from now on. */
async function recordAnnouncements(page) {
  await page.getByTestId('announcer').evaluate((region) => {
    window.__announced = [];
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) window.__announced.push(node.textContent);
    }).observe(region, { childList: true, subtree: true, characterData: true });
  });
  return {
    said: () => page.evaluate(() => window.__announced),
    /** Waits until a message containing `text` has been said. */
    waitFor: (text) => page.waitForFunction((t) => window.__announced.some((m) => m.includes(t)), text),
  };
}

/** Every element a screen reader would treat as a polite or assertive live region. */
function liveRegions(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[aria-live], [role="status"], [role="log"], [role="alert"], output')]
      .filter((el) => el.getAttribute('aria-live') !== 'off')
      .map((el) => `${el.getAttribute('role') ?? ''}/${el.getAttribute('aria-live') ?? ''}`),
  );
}

/** Every screen is checked at both sizes and in both colour schemes. */
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const SCREENS = ['light', 'dark'].flatMap((colorScheme) => [
  ['desktop', colorScheme, DESKTOP],
  ['phone', colorScheme, PHONE],
]);

const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

export function defineUxTests({ browser, servers, screenshots, logDir }) {
  const origin = servers.webOrigin;
  const { visitor, closeAll, cleanups } = visitorsOf(browser);

  return [
    {
      name: "ux 1: a refused origin is named, with the page's origin and the setting that admits it; Share never claims holding",
      async run() {
        // The sidecar admits localhost and the LAN address (servers.mjs), not 127.0.0.1.
        const refusedOrigin = servers.webOrigin.replace('localhost', '127.0.0.1');
        const a = await visitor();
        await a.page.goto(`${refusedOrigin}/`);
        // The editor connects once the person starts writing, and says so before they press Share.
        await a.page.getByLabel('Page text').fill(pageTitled('Shared from a refused origin'));
        const banner = a.page.getByTestId('connection-banner');
        await banner.and(a.page.locator('[data-state="refused"]')).waitFor();
        const said = await banner.innerText();
        assert(
          said.includes(refusedOrigin) && said.includes('CORS_ORIGIN'),
          `the banner names the origin and CORS_ORIGIN: ${said}`,
        );
        assert(!/lost|reconnecting/i.test(said), `a refused connection is not "lost": ${said}`);
        await a.page.getByRole('button', { name: 'Share' }).click();
        await a.page.waitForURL(/\/[0-9a-f]{64}$/);
        const status = a.page.getByTestId('page-status');
        await status.getByRole('heading', { name: 'Safe in this tab; the relay refuses this tab' }).waitFor();
        await status.getByRole('button', { name: 'Details' }).click();
        await status.getByText('It will be shared as soon as the relay admits this tab').waitFor();
        assert((await holding(a.page).count()) === 0, 'no claim of holding');
        await screenshot(a.page, 'relay-refused-origin', screenshots);
      },
    },
    {
      name: 'ux 1: an unreachable relay is named with its URL, never "lost"; a page shared meanwhile is not called held until the relay accepts it',
      async run() {
        const alone = await startServers({ logDir, pageMaxBytes: servers.pageMaxBytes, name: 'unreachable-' });
        cleanups.push(() => alone.stop());
        await alone.stopSidecar();
        const a = await visitor();
        await a.page.goto(`${alone.webOrigin}/`);
        // The editor connects once the person starts writing, and says so before they press Share.
        await a.page.getByLabel('Page text').fill(pageTitled('Shared while the relay is down'));
        const banner = a.page.getByTestId('connection-banner');
        await banner.getByText(`Cannot reach the relay at ${alone.realtimeUrl}`).waitFor();
        assert(!/lost/i.test(await banner.innerText()), 'a connection that never was is not "lost"');
        await a.page.getByRole('button', { name: 'Share' }).click();
        await a.page.waitForURL(/\/[0-9a-f]{64}$/);
        const status = a.page.getByTestId('page-status');
        await status.getByRole('heading', { name: 'Safe in this tab; waiting for the relay' }).waitFor();
        await status.getByRole('button', { name: 'Details' }).click();
        await status.getByText('it will be shared as soon as the relay is back').waitFor();
        assert((await holding(a.page).count()) === 0, 'no claim of holding before the relay accepts the page');
        // One status for one fact: no red card, no "only this tab" alarm beside the banner.
        assert((await status.getAttribute('data-tone')) !== 'bad', 'the sharer is not told off in red');
        assert((await a.page.locator('[data-level="only-you"]').count()) === 0, 'no "only this tab" meter');
        assert((await a.page.getByTestId('page-status').count()) === 1, 'one status');
        assert(!/lost/i.test(await banner.innerText()), 'still not "lost"');
        await screenshot(a.page, 'relay-unreachable', screenshots);
        await alone.startSidecar();
        await holding(a.page).waitFor();
        await banner.waitFor({ state: 'detached' });
        await expectHolders(a.page, 1);

        // The relay drops after the page was shared: the author and a visitor are told it is safe here and
        // will be offered again, never that it is "not shared yet"; no count from before is claimed.
        const b = await visitor();
        await openPage(b.page, alone.webOrigin, new URL(a.page.url()).pathname.slice(1));
        await expectHolders(a.page, 2);
        await alone.killSidecar();
        for (const tab of [a.page, b.page]) {
          const dropped = tab.getByTestId('page-status');
          await dropped.getByRole('heading', { name: 'Safe in this tab; waiting for the relay' }).waitFor();
          // The author's details are still open from before the relay came back.
          const details = dropped.getByRole('button', { name: 'Details', exact: true });
          if ((await details.count()) > 0) await details.click();
          await dropped.getByText('it will offer the page again by itself').waitFor();
          const said = await tab.locator('main').innerText();
          assert(!/not shared yet|will be shared as soon/i.test(said), `no "not shared" for a shared page: ${said}`);
          assert(!/holder/.test(await tab.title()), `no holder count in the title while offline: ${await tab.title()}`);
          assert((await tab.getByTestId('page-status').count()) === 1, 'one status');
        }
        await alone.startSidecar();
        await holding(a.page).waitFor();
        await holding(b.page).waitFor();
        await expectHolders(b.page, 2);
      },
    },
    {
      name: 'ux 2: Stop on a page only this tab holds asks first; after it the page shows 0 holders, no link, Copy or QR',
      async run() {
        const a = await visitor();
        const hash = await sharePage(a.page, origin, pageTitled('Only mine'));
        await expectHolders(a.page, 1);
        const stop = a.page.getByRole('button', { name: /Stop keeping page/ });
        await stop.click();
        const question = a.page.getByText('Only this tab holds this page. If it stops, the page is gone for everyone');
        await question.waitFor();
        assert((await activeId(a.page)).startsWith('confirm-stop-'), 'focus moves to the question');
        await screenshot(a.page, 'stop-confirm', screenshots);
        await a.page.getByRole('button', { name: 'Keep holding it' }).click();
        await question.waitFor({ state: 'detached' });
        await holding(a.page).waitFor();
        assert(
          (await a.page.evaluate(() => document.activeElement?.textContent)) === 'Stop',
          'Keep gives focus back to Stop',
        );

        await stop.click();
        await a.page.getByRole('button', { name: 'Stop and let it go' }).click();
        const status = a.page.getByTestId('page-status');
        await status.getByRole('heading', { name: 'This page is gone' }).waitFor();
        await expectHolders(a.page, 0);
        // The tab's title follows the count: it never keeps the holder this tab was.
        await a.page.waitForFunction(() => document.title.endsWith(' · 0 holders · Ephemeral P2P'));
        assert((await a.page.getByLabel('Link to this page').count()) === 0, 'no link for a page that is gone');
        assert((await a.page.getByRole('button', { name: 'Copy' }).count()) === 0, 'no Copy button');
        assert((await a.page.getByAltText('QR code of the link to this page').count()) === 0, 'no QR code');
        assert(
          (await activeId(a.page)) === 'holding-heading',
          `focus moves to the new heading after Stop, got "${await activeId(a.page)}"`,
        );
        await a.page.getByTestId('page-content').waitFor();
        // A way forward from the gone screen: the editor.
        assert(
          (await a.page.getByRole('link', { name: 'Write a new page' }).getAttribute('href')) === '/',
          'the gone screen links to the editor',
        );
        await screenshot(a.page, 'page-gone', screenshots);

        const b = await visitor();
        await b.page.goto(`${origin}/${hash}`);
        await nobodyHolding(b.page).waitFor();
        assert(
          (await b.page.getByRole('link', { name: 'Write a new page' }).getAttribute('href')) === '/',
          'the nobody-holding screen links to the editor',
        );
        // Holding it again brings it back at the same address, and the link with it.
        await a.page.getByRole('button', { name: 'Hold it again' }).click();
        await b.page.getByTestId('page-content').waitFor();
        await a.page.getByLabel('Link to this page').waitFor();

        // With another holder, Stop needs no question.
        await expectHolders(a.page, 2);
        await stop.click();
        // After Stop, the status says what happened.
        await a.page
          .getByTestId('page-status')
          .getByRole('heading', { name: 'You stopped holding this page' })
          .waitFor();
        await a.page.getByText('Other tabs still hold it, so its link still works').waitFor();
        assert(
          (await a.page.getByText('If it stops, the page is gone for everyone').count()) === 0,
          'no question when others hold the page',
        );
        await expectHolders(b.page, 1);
      },
    },
    {
      name: 'ux 3: Markdown is GitHub-flavoured (table, task list, strikethrough, bare link, footnote); raw HTML shows as text and never runs',
      async run() {
        const a = await visitor();
        const hash = await sharePage(a.page, origin, GFM_PAGE);
        const b = await visitor();
        await openPage(b.page, origin, hash);
        await b.page.getByRole('button', { name: 'Markdown' }).click();
        const content = b.page.getByTestId('page-content');
        await content.getByRole('table').waitFor();
        assert((await content.getByRole('row').count()) === 3, 'the table has a header row and two rows');
        await content.getByRole('cell', { name: 'tent' }).waitFor();
        const boxes = content.locator('input[type="checkbox"]');
        assert((await boxes.count()) === 2, 'two task list boxes');
        assert(
          (await boxes.nth(0).isChecked()) && !(await boxes.nth(1).isChecked()),
          'the first task is done, the second not',
        );
        assert((await boxes.nth(0).isDisabled()) && (await boxes.nth(1).isDisabled()), 'task boxes are read-only');
        assert((await content.locator('del').innerText()) === 'Friday', 'strikethrough');
        const bare = content.getByRole('link', { name: 'https://example.com/map' });
        assert((await bare.getAttribute('href')) === 'https://example.com/map', 'a bare URL becomes a link');
        assert((await bare.getAttribute('rel')) === 'noopener noreferrer', 'with noopener noreferrer');
        await content.locator('section.footnotes').getByText('Bring a torch.').waitFor();
        // Raw HTML reads as typed: the tags are visible text, not elements, and not silently dropped.
        const text = await content.innerText();
        assert(text.includes('<b>not bold</b>'), `inline HTML shows as text: ${text}`);
        assert(text.includes('<script>window.__pwned = "gfm"</script>'), 'a script tag shows as text');
        assert(text.includes('<div onclick='), 'block HTML shows as text');
        assert((await content.locator('b, script, div[onclick]').count()) === 0, 'no HTML element came from the page');
        await b.page.waitForTimeout(300); // A window for a payload to run, if one could.
        assert((await b.page.evaluate(() => window.__pwned)) === undefined, 'nothing ran');
        await screenshot(b.page, 'markdown-gfm', screenshots);
      },
    },
    {
      name: 'ux 4: a private link without its key, or with a wrong one, shows one card that says this tab holds the ciphertext',
      async run() {
        const a = await visitor();
        const { hash } = await sharePrivatePage(a.page, origin, pageTitled('Keyless counts'));
        for (const [fragment, title] of [
          ['', 'This link is missing its key'],
          [`#k=${OTHER_KEY}`, 'This key does not open this page'],
        ]) {
          const v = await visitor();
          await v.page.goto(`${origin}/${hash}${fragment}`);
          const card = v.page.getByTestId('page-status');
          await card.getByRole('heading', { name: title }).waitFor();
          await card.getByText('holds its encrypted bytes and counts as one of its holders').waitFor();
          assert((await card.count()) === 1, `one card, not ${await card.count()}`);
          assert(
            (await v.page.getByText('Received and verified').count()) === 0,
            'no green "verified, holding" card beside the error',
          );
          assert((await v.page.getByTestId('page-content').count()) === 0, 'no content');
        }
        // Both keyless tabs hold the ciphertext, as the card says, and are counted.
        await expectHolders(a.page, 3);
      },
    },
    {
      name: 'ux 5: one polite live region; a join and a leave are announced once each; no aria-label on code',
      async run() {
        const a = await visitor();
        const hash = await sharePage(a.page, origin, pageTitled('Said once'));
        // The page's meter and its row in the held list show the same count.
        await a.page.getByTestId('held-page').waitFor();
        const regions = await liveRegions(a.page);
        assert(
          regions.length === 1 && regions[0] === 'status/polite',
          `exactly one live region, got ${JSON.stringify(regions)}`,
        );
        assert((await a.page.locator('code[aria-label]').count()) === 0, 'no aria-label on <code>');
        const announced = await recordAnnouncements(a.page);
        const b = await visitor();
        await openPage(b.page, origin, hash);
        await announced.waitFor('Holders now: 2 tabs.');
        await b.context.close();
        await announced.waitFor('Holders now: only this tab.');
        // A window for a duplicate to arrive, if one were coming (counts throttle at 200 ms here).
        await a.page.waitForTimeout(1000);
        const said = await announced.said();
        const counts = said.filter((m) => m.startsWith('Holders now'));
        assert(counts.length === 2, `one announcement per count change, got ${JSON.stringify(said)}`);
      },
    },
    {
      name: 'ux 6: page text and names take their own direction (dir="auto") in the editor, both views and the held list',
      async run() {
        const a = await visitor();
        await a.page.goto(`${origin}/`);
        const editor = a.page.getByLabel('Page text');
        assert((await editor.getAttribute('dir')) === 'auto', 'the editor has dir="auto"');
        await editor.fill(RTL_PAGE);
        assert(
          (await editor.evaluate((el) => getComputedStyle(el).direction)) === 'rtl',
          'Arabic text in the editor runs right to left',
        );
        await a.page.getByRole('button', { name: 'Share' }).click();
        await holding(a.page).waitFor();
        await a.page.getByRole('button', { name: 'Plain text' }).click();
        const pre = a.page.getByTestId('page-content').locator('pre');
        assert((await pre.getAttribute('dir')) === 'auto', 'the text view has dir="auto"');
        assert(
          (await pre.evaluate((el) => getComputedStyle(el).unicodeBidi)) === 'plaintext',
          'each line of the text view takes its own direction',
        );
        const row = a.page.getByTestId('held-page').getByRole('link');
        assert((await row.getAttribute('dir')) === 'auto', 'the held list names pages with dir="auto"');
        assert(
          (await row.evaluate((el) => getComputedStyle(el).direction)) === 'rtl',
          'an Arabic name runs right to left',
        );
        assert(
          (await a.page.locator('#page-heading').evaluate((el) => getComputedStyle(el).direction)) === 'rtl',
          'an Arabic page heading runs right to left',
        );
        await a.page.getByRole('button', { name: 'Markdown' }).click();
        const content = a.page.getByTestId('page-content');
        const direction = (locator) => locator.evaluate((el) => getComputedStyle(el).direction);
        assert(
          (await direction(content.getByRole('heading', { name: 'قائمة' }))) === 'rtl',
          'an Arabic heading is rtl',
        );
        assert((await direction(content.getByText('שלום עולם'))) === 'rtl', 'a Hebrew paragraph is rtl');
        assert((await direction(content.getByText('An English line.'))) === 'ltr', 'an English paragraph stays ltr');
        await screenshot(a.page, 'rtl', screenshots);
      },
    },
    ...SCREENS.flatMap(([device, colorScheme, options]) => {
      const screen = { ...options, colorScheme };
      const where = `${device}, ${colorScheme}`;
      const status = (p, text) => p.getByTestId('page-status').getByText(text).waitFor();
      /** Opens each screen in one tab and runs axe on it; a null address stays on the screen before. */
      const expectScreensClean = async (page, screens) => {
        for (const [name, url, ready] of screens) {
          if (url) await page.goto(url);
          await ready(page);
          await expectAxeClean(page, `${name} (${where})`);
        }
      };
      return [
        {
          name: `ux 7: axe finds no violation (contrast included) on the editor and a visitor's screens, ${where}`,
          async run() {
            const holder = await visitor(screen);
            const hash = await sharePage(holder.page, origin, GFM_PAGE);
            // An address a page was held at before this visitor came: every holder has gone.
            const left = await visitor(screen);
            const leftHash = await sharePage(left.page, origin, pageTitled(`Axe left ${where}`));
            await left.context.close();
            const v = await visitor(screen);
            await expectScreensClean(v.page, [
              ['editor', `${origin}/`, (p) => p.getByLabel('Page text').waitFor()],
              ['viewer', `${origin}/${hash}`, (p) => p.getByTestId('page-content').getByRole('table').waitFor()],
              ['viewer as plain text', null, (p) => p.getByRole('button', { name: 'Plain text' }).click()],
              [
                'viewer with its details',
                null,
                (p) =>
                  p
                    .getByRole('button', { name: 'Details' })
                    .click()
                    .then(() => p.getByTestId('page-kind-explained').waitFor()),
              ],
              ['nobody holding', `${origin}/${leftHash}`, (p) => status(p, 'Nobody is holding a page at this address')],
              ['a made-up address', `${origin}/${'0'.repeat(64)}`, (p) => status(p, 'Nobody is holding')],
              ['not found', `${origin}/not-a-page`, (p) => p.getByText('This is not a page address').waitFor()],
            ]);
            await v.page.goto(`${origin}/`);
            await v.page.getByRole('button', { name: 'Share' }).click();
            await v.page.getByText('Write something first').waitFor();
            await expectAxeClean(v.page, `editor with an error (${where})`);
          },
        },
        {
          name: `ux 7: axe finds no violation (contrast included) on private pages, the author's view, Stop and gone, ${where}`,
          async run() {
            const holder = await visitor(screen);
            const { link } = await sharePrivatePage(holder.page, origin, pageTitled(`Axe private ${where}`));
            const address = link.split('#')[0];
            const v = await visitor(screen);
            // The key errors first: a key that opened the page is remembered by the tab.
            await expectScreensClean(v.page, [
              ['private, missing key', address, (p) => status(p, 'This link is missing its key')],
              ['private, wrong key', `${address}#k=${OTHER_KEY}`, (p) => status(p, 'This key does not open this page')],
              ['viewer, private', link, (p) => p.getByTestId('page-content').waitFor()],
            ]);
            await sharePage(holder.page, origin, pageTitled(`Axe asks before Stop ${where}`));
            await expectAxeClean(holder.page, `the author's view after Share (${where})`);
            await holder.page
              .getByTestId('held-page')
              .filter({ hasText: 'Axe asks before Stop' })
              .getByRole('button', { name: /Stop keeping page/ })
              .click();
            await holder.page.getByRole('button', { name: 'Stop and let it go' }).waitFor();
            await expectAxeClean(holder.page, `the question before Stop (${where})`);
            await holder.page.getByRole('button', { name: 'Stop and let it go' }).click();
            await holder.page.getByTestId('page-status').getByRole('heading', { name: 'This page is gone' }).waitFor();
            await expectAxeClean(holder.page, `the gone screen (${where})`);
          },
        },
      ];
    }),
    ...['light', 'dark'].map((colorScheme) => ({
      name: `ux 7: axe finds no violation while the relay is down (a page shared before the drop, one after, a visitor waiting), desktop and phone, ${colorScheme}`,
      async run() {
        const alone = await startServers({
          logDir,
          pageMaxBytes: servers.pageMaxBytes,
          name: `axe-down-${colorScheme}-`,
        });
        cleanups.push(() => alone.stop());
        const tabs = [];
        for (const [device, options] of [
          ['desktop', DESKTOP],
          ['phone', PHONE],
        ]) {
          const author = await visitor({ ...options, colorScheme });
          const hash = await sharePage(author.page, alone.webOrigin, pageTitled(`Axe down ${device}`));
          tabs.push({
            where: `${device}, ${colorScheme}`,
            author,
            hash,
            fresh: await visitor({ ...options, colorScheme }),
          });
        }
        await alone.killSidecar();
        const waiting = (p) => p.getByRole('heading', { name: 'Safe in this tab; waiting for the relay' }).waitFor();
        for (const { where, author, hash, fresh } of tabs) {
          await waiting(author.page);
          await expectAxeClean(author.page, `the author's tab after the relay dropped (${where})`);
          await fresh.page.goto(`${alone.webOrigin}/${hash}`);
          await fresh.page.getByTestId('page-status').getByText('Waiting for the relay').waitFor();
          await expectAxeClean(fresh.page, `a visitor waiting for the relay (${where})`);
          await fresh.page.goto(`${alone.webOrigin}/`);
          await fresh.page.getByLabel('Page text').fill(pageTitled(`Written offline ${where}`));
          await fresh.page.getByRole('button', { name: 'Share' }).click();
          await waiting(fresh.page);
          await expectAxeClean(fresh.page, `a page shared while the relay is down (${where})`);
        }
      },
    })),
    {
      name: 'ux 8: focus goes to the page heading after Share; a skip link; each tab is titled by its page and count',
      async run() {
        const a = await visitor();
        await a.page.goto(`${origin}/`);
        await a.page.keyboard.press('Tab');
        const skip = a.page.getByRole('link', { name: 'Skip to content' });
        assert(await skip.evaluate((el) => el === document.activeElement), 'the first Tab reaches the skip link');
        assert((await skip.boundingBox())?.width > 1, 'the skip link is visible when focused');
        await a.page.keyboard.press('Enter');
        await a.page.waitForFunction(() => document.activeElement?.id === 'main');

        await a.page.getByLabel('Page text').fill('Grocery list for Sunday\n\n- eggs\n');
        // The shortcut acts once Share can, as the button says (until then: Getting ready to share…).
        await a.page.getByRole('button', { name: 'Share' }).and(a.page.locator(':enabled')).waitFor();
        await a.page.getByLabel('Page text').press('Control+Enter');
        await a.page.waitForURL(/\/[0-9a-f]{64}$/);
        await a.page.waitForFunction(() => document.activeElement?.id === 'page-heading');
        await a.page.waitForFunction(() => document.title === 'Grocery list for Sunday · 1 holder · Ephemeral P2P');

        const { link } = await sharePrivatePage(a.page, origin, pageTitled('Secret title'));
        await a.page.waitForFunction(() => document.activeElement?.id === 'page-heading');
        await a.page.waitForFunction(() => document.title === 'Private page · 1 holder · Ephemeral P2P');
        const b = await visitor();
        await b.page.goto(link);
        await b.page.getByTestId('page-content').waitFor();
        await b.page.waitForFunction(() => document.title === 'Private page · 2 holders · Ephemeral P2P');
        assert(!(await b.page.title()).includes('Secret'), "a private page's text never reaches the title");
      },
    },
    {
      name: 'ux 9: page addresses give a generic card with og: and twitter: tags, noindex in header and meta; robots.txt and favicon.ico exist',
      async run() {
        const a = await visitor();
        const hash = await sharePage(a.page, origin, pageTitled('Never in a preview'));
        const response = await fetch(`${origin}/${hash}`, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } });
        assert(response.status === 200, `status ${response.status}`);
        assert(
          /noindex/.test(response.headers.get('x-robots-tag') ?? ''),
          `X-Robots-Tag: ${response.headers.get('x-robots-tag')}`,
        );
        const html = await response.text();
        const meta = (attr, name) => new RegExp(`<meta ${attr}="${name}" content="([^"]*)"`).exec(html)?.[1];
        assert(/noindex/.test(meta('name', 'robots') ?? ''), 'a robots meta says noindex');
        assert(meta('property', 'og:title') === 'A page on Ephemeral P2P', `og:title ${meta('property', 'og:title')}`);
        assert(
          /only while someone holds it/.test(meta('property', 'og:description') ?? ''),
          'og:description says when it opens',
        );
        assert(meta('name', 'twitter:card') === 'summary_large_image', 'twitter:card');
        assert(meta('name', 'twitter:title') === 'A page on Ephemeral P2P', 'twitter:title');
        const image = meta('property', 'og:image');
        assert(image?.startsWith(`${origin}/`), `og:image is an absolute URL on this origin: ${image}`);
        const png = await fetch(image);
        assert(
          png.status === 200 && png.headers.get('content-type') === 'image/png',
          `the card's image loads: ${png.status}`,
        );
        assert(!html.includes('Never in a preview'), "the server's HTML never carries the page's content");

        const home = await fetch(`${origin}/`);
        assert(!home.headers.get('x-robots-tag'), 'the editor may be indexed');
        const robots = await fetch(`${origin}/robots.txt`);
        assert(robots.status === 200 && /User-Agent: \*/i.test(await robots.text()), 'robots.txt');
        const icon = await fetch(`${origin}/favicon.ico`);
        assert(
          icon.status === 200 && /icon/.test(icon.headers.get('content-type') ?? ''),
          `favicon.ico: ${icon.status} ${icon.headers.get('content-type')}`,
        );
      },
    },
    {
      name: 'ux 10: the private limit reads in the same unit as the public one; the view choice survives a reload; phone targets are 44 px',
      async run() {
        const a = await visitor(PHONE);
        await a.page.goto(`${origin}/`);
        const limit = a.page.locator('#byte-count');
        await limit.getByText('of 65,536 bytes (64 KB)').waitFor();
        await a.page.getByLabel('Private page', { exact: true }).check();
        await limit.getByText('of 65,471 bytes (63.9 KB)').waitFor();
        await a.page.getByLabel('Private page', { exact: true }).uncheck();

        const hash = await sharePage(a.page, origin, pageTitled('Remembered view'));
        // Rendered by default; plain text is one click away and remembered.
        await a.page
          .getByTestId('page-content')
          .locator('p', { hasText: 'A page written by the browser tests.' })
          .waitFor();
        await a.page.getByRole('button', { name: 'Plain text' }).click();
        await a.page.reload();
        await a.page.getByTestId('page-content').locator('pre', { hasText: '# Remembered view' }).waitFor();
        assert(
          (await a.page.getByRole('button', { name: 'Plain text' }).getAttribute('aria-pressed')) === 'true',
          'Plain text is still chosen',
        );

        const small = [];
        const measure = async (what, locator) => {
          const box = await locator.boundingBox();
          if (!box || box.height < 44 || box.width < 44)
            small.push(`${what} ${Math.round(box?.width)}x${Math.round(box?.height)}`);
        };
        await measure('Plain text', a.page.getByRole('button', { name: 'Plain text' }));
        await measure('Markdown', a.page.getByRole('button', { name: 'Markdown' }));
        await measure('Stop', a.page.getByRole('button', { name: /Stop keeping page/ }));
        await measure('Copy', a.page.getByRole('button', { name: 'Copy' }));
        await measure('held page link', a.page.getByTestId('held-page').getByRole('link'));
        await measure('home link', a.page.getByRole('link', { name: 'Ephemeral P2P' }));
        await a.page.goto(`${origin}/`);
        await measure('Share', a.page.getByRole('button', { name: 'Share' }));
        // The label is the checkbox's target: tapping anywhere on it toggles the box.
        await measure(
          'Private page',
          a.page.locator('label', { has: a.page.getByLabel('Private page', { exact: true }) }),
        );
        assert(small.length === 0, `targets under 44 px on a phone: ${small.join(', ')}`);
        await screenshot(a.page, 'editor-phone', screenshots);
        assert(hash.length === 64, 'shared');
      },
    },

    ...[
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ].map(([device, options]) => ({
      name: `ux 11: the page first, ${device}: rendered Markdown titled by its heading, text in the top half, Copy and the share sheet on the first screen after Share, a calm meter`,
      async run() {
        const { height } = options.viewport;
        const text = `# Trip plan ${device}\n\n**9:00** meet at the station, platform 4.\n\n- bring tickets\n- water\n`;
        const a = await visitor(options);
        // A system share sheet, as phones have: it records what it was given.
        await a.context.addInitScript(() => {
          navigator.share = async (data) => {
            window.__sharedWith = data;
          };
        });
        const hash = await sharePage(a.page, origin, text);
        // The author's link, Copy and Share… are on the first screen, without scrolling.
        for (const name of ['Copy', 'Share…']) {
          const box = await a.page.getByRole('button', { name, exact: true }).boundingBox();
          assert(box && box.y + box.height <= height, `${name} is below the fold: y=${box?.y}`);
        }
        await a.page.getByRole('button', { name: 'Share…' }).click();
        const shared = await a.page.waitForFunction(() => window.__sharedWith).then((handle) => handle.jsonValue());
        assert(shared.url === `${origin}/${hash}`, `the share sheet gets the page's link: ${JSON.stringify(shared)}`);
        assert(
          !shared.title.includes('Trip plan'),
          `the share sheet's title carries nothing of the page: ${shared.title}`,
        );
        const linkBox = await a.page.getByLabel('Link to this page').boundingBox();
        assert(linkBox && linkBox.y + linkBox.height <= height, `the link is below the fold: y=${linkBox?.y}`);
        await screenshot(a.page, `author-${device}`, screenshots);

        const b = await visitor(options);
        await openPage(b.page, origin, hash);
        await expectHolders(b.page, 2);
        const content = b.page.getByTestId('page-content');
        // Rendered by default: a heading and bold text, no Markdown marks.
        assert((await content.getAttribute('data-view')) === 'markdown', 'rendered by default');
        await content.locator('strong', { hasText: '9:00' }).waitFor();
        assert(!(await content.innerText()).includes('**'), 'no Markdown marks in the rendered page');
        // Titled by its content: the page's heading and the document title.
        const heading = await b.page.locator('#page-heading').innerText();
        assert(heading === `Trip plan ${device}`, `the page heading is its own title: ${heading}`);
        // Shown once: the page's heading is the screen's one h1, and the rendered page goes on from the next line.
        const h1s = await b.page.locator('h1').allInnerTexts();
        assert(h1s.length === 1, `one h1 on the screen, got ${JSON.stringify(h1s)}`);
        const repeated = await content.getByText(`Trip plan ${device}`).count();
        assert(repeated === 0, 'the title is not repeated in the rendered page');
        await b.page.waitForFunction((t) => document.title === `${t} · 2 holders · Ephemeral P2P`, heading);
        // The held list names it in plain text.
        const row = await b.page.getByTestId('held-page').getByRole('link').innerText();
        assert(row === `Trip plan ${device}`, `the held list names it without "#": ${row}`);
        // The page's text starts in the top half of the screen.
        const box = await content.boundingBox();
        assert(box && box.y < height / 2, `the text starts at y=${box?.y}, below the top half of ${height}`);
        // A living page with two holders: no warning colour on the meter.
        const meter = b.page.getByTestId('page-status').getByTestId('health-meter');
        assert((await meter.getAttribute('data-level')) === 'few', 'two holders is "few"');
        const warm = await meter.evaluate((el) =>
          [el, ...el.querySelectorAll('*')].some((n) => /\b(bg|text)-(red|amber|orange|yellow)-/.test(n.className)),
        );
        assert(!warm, 'no warning colour on the meter of a living page');
        // Plain text is one click away.
        await b.page.getByRole('button', { name: 'Plain text' }).click();
        await content.locator('pre', { hasText: `# Trip plan ${device}` }).waitFor();
        await b.page.getByRole('button', { name: 'Markdown' }).click();
        await screenshot(b.page, `viewer-first-${device}`, screenshots);
        await expectAxeClean(b.page, `the viewer on a ${device}`);
        await expectAxeClean(a.page, `the author after Share on a ${device}`);
      },
    })),
    {
      name: 'ux 12: an address nobody has held says so without calling it gone, and links to the editor; Share is disabled, with its reason, until it can act; the editor connects at its first use',
      async run() {
        const a = await visitor();
        await a.page.goto(`${origin}/${'f'.repeat(64)}`);
        const status = nobodyHolding(a.page);
        await status.getByRole('heading', { name: 'Nobody is holding a page at this address' }).waitFor();
        const said = await a.page.locator('main').innerText();
        assert(!/\bgone\b|0 holders/i.test(said), `no claim that a page existed: ${said}`);
        await expectAxeClean(a.page, 'an address nobody holds');
        await a.page.getByRole('link', { name: 'Write a new page' }).click();
        await a.page.waitForURL(`${origin}/`);
        await a.page.getByLabel('Page text').waitFor();

        // The app's scripts held back: the server's Share button is disabled and says why.
        const b = await visitor();
        const sockets = [];
        b.page.on('websocket', (socket) => sockets.push(socket.url()));
        let release;
        const held = new Promise((resolve) => {
          release = resolve;
        });
        // The editor document's app script (its stylesheet is inline).
        const isAppScript = (url) => url.pathname.startsWith('/viewer/') && url.pathname.endsWith('.js');
        await b.page.route(isAppScript, async (route) => {
          await held;
          await route.continue();
        });
        await b.page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
        const share = b.page.getByRole('button', { name: 'Share' });
        assert(await share.isDisabled(), 'Share is disabled before the page can act');
        await b.page.getByText('Getting ready to share…').waitFor();
        await screenshot(b.page, 'editor-getting-ready', screenshots);
        release();
        await b.page.waitForFunction(() => !document.querySelector('button[aria-describedby="share-not-ready"]'));
        assert(await share.isEnabled(), 'Share is enabled once the page can act');
        assert((await b.page.getByText('Getting ready to share…').count()) === 0, 'the reason goes with it');

        // A look at the editor costs no connection: the tab connects once the person starts writing.
        await b.page.waitForLoadState('networkidle');
        assert(sockets.length === 0, `no WebSocket before any use of the editor: ${sockets.join(', ')}`);
        const connecting = b.page.waitForEvent('websocket');
        await b.page.getByLabel('Page text').press('a');
        await connecting;
      },
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
