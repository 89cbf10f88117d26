// Each test plays people in separate browser contexts against the built app and a real sidecar.
import {
  assert,
  expectHolders,
  newVisitor,
  openPage,
  pageText,
  screenshot,
  sha256Hex,
  sharePage,
  pageTitled,
} from './browser.mjs';

const XSS_PAGE = [
  '# Hostile page',
  '',
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'onerror\'">',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '',
  '[plain](javascript:window.__pwned="link")',
  '[mixed case](JaVaScRiPt:window.__pwned="case")',
  '[data](data:text/html,<script>window.__pwned="data"</script>)',
  '[entity](javascript&#58;window.__pwned="entity")',
  '[percent](%6Aavascript:window.__pwned="percent")',
  '[tab](java\tscript:window.__pwned="tab")',
  '![image](javascript:window.__pwned="img")',
  '',
  '[a fine link](https://example.com/)',
  '',
].join('\n');

export function defineTests({ browser, servers, screenshots }) {
  const origin = servers.webOrigin;
  const contexts = [];
  const visitor = async (options) => {
    const v = await newVisitor(browser, options);
    contexts.push(v.context);
    return v;
  };
  const closeAll = async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
  };

  return [
    {
      name: 'the editor shares a page at the SHA-256 of its text and holds it',
      async run() {
        const { page } = await visitor();
        const text = [
          '# Picnic on Saturday',
          '',
          'Meet at the north gate of the park at **noon**.',
          '',
          'Bring:',
          '- bread and cheese',
          '- a blanket',
          '- crème brûlée ✓',
          '',
        ].join('\n');
        await page.goto(`${origin}/`);
        await page.getByLabel('Page text').fill(text);
        await page.getByText(`${Buffer.byteLength(text)} of 65,536 bytes`).waitFor();
        await screenshot(page, 'editor', screenshots);
        await page.getByRole('button', { name: 'Share' }).click();
        await page.waitForURL(/\/[0-9a-f]{64}$/);
        const hash = new URL(page.url()).pathname.slice(1);
        assert(hash === sha256Hex(text), `URL ${hash} is not the SHA-256 of the text (${sha256Hex(text)})`);
        await page.getByText('helping to keep it alive').waitFor();
        await expectHolders(page, 1);
        await page.getByText('if you close it, the page will be gone').waitFor();
        assert((await pageText(page)).startsWith('# Picnic on Saturday'), 'the shared text is shown');
        await page.getByRole('heading', { name: 'Pages you are keeping alive' }).waitFor();
        await page.getByAltText('QR code of the link to this page').waitFor();
        assert((await page.getByLabel('Link to this page').inputValue()) === `${origin}/${hash}`, 'the share link is the page address');
        await screenshot(page, 'holder', screenshots);
      },
    },
    {
      name: 'Ctrl+Enter shares too; empty and oversize pages get a clear message',
      async run() {
        const { page } = await visitor();
        await page.goto(`${origin}/`);
        await page.getByRole('button', { name: 'Share' }).click();
        await page.getByText('Write something first').waitFor();
        await page.getByLabel('Page text').fill('x'.repeat(servers.pageMaxBytes + 10));
        await page.getByRole('button', { name: 'Share' }).click();
        await page.getByText(`over the limit of 65,536 bytes (64 KB). Remove 10 bytes to share it.`).waitFor();
        assert(new URL(page.url()).pathname === '/', 'an oversize page is not shared');
        await screenshot(page, 'editor-too-large', screenshots);
        await page.getByLabel('Page text').fill('Shared from the keyboard');
        await page.getByLabel('Page text').press('Control+Enter');
        await page.waitForURL(`${origin}/${sha256Hex('Shared from the keyboard')}`);
      },
    },
    {
      name: 'a second visitor sees the same text and both see 2 holders',
      async run() {
        const a = await visitor();
        const text = [
          '# Meeting notes',
          '',
          'Decisions from *Tuesday*:',
          '',
          '1. Ship the **editor** first.',
          '2. Keep pages in tabs only; see [the protocol](https://example.com/protocol).',
          '',
          'To try it:',
          '',
          '    npm run dev',
          '\ttabs too',
          '',
          '> The server stores nothing.',
          '',
        ].join('\n');
        const hash = await sharePage(a.page, origin, text);
        const b = await visitor();
        await openPage(b.page, origin, hash);
        assert((await pageText(b.page)) === (await pageText(a.page)), 'the visitor sees the same text as the creator');
        await b.page.getByText('Received and verified. This tab now holds the page and is helping to keep it alive.').waitFor();
        await expectHolders(a.page, 2);
        await expectHolders(b.page, 2);
        await screenshot(b.page, 'viewer', screenshots);
        const dark = await visitor({ colorScheme: 'dark' });
        await openPage(dark.page, origin, hash);
        await dark.page.getByRole('button', { name: 'Markdown' }).click();
        await expectHolders(dark.page, 3);
        await screenshot(dark.page, 'viewer-dark', screenshots);
        const phone = await visitor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
        await openPage(phone.page, origin, hash);
        await screenshot(phone.page, 'viewer-phone', screenshots);
      },
    },
    {
      name: 'after the creator closes, a third visitor still gets the page from the second',
      async run() {
        const a = await visitor();
        const text = pageTitled('Relay chain');
        const hash = await sharePage(a.page, origin, text);
        const b = await visitor();
        await openPage(b.page, origin, hash);
        await expectHolders(b.page, 2);
        await a.context.close();
        await expectHolders(b.page, 1);
        const c = await visitor();
        await openPage(c.page, origin, hash);
        assert((await pageText(c.page)).includes('Relay chain'), 'the third visitor sees the text');
        await expectHolders(c.page, 2);
      },
    },
    {
      name: 'when every holder has closed, a visitor sees "nobody is holding" and the page appears when a holder returns',
      async run() {
        const a = await visitor();
        const text = pageTitled('Comes back');
        const hash = await sharePage(a.page, origin, text);
        await a.context.close();
        const d = await visitor();
        await d.page.goto(`${origin}/${hash}`);
        await d.page.getByTestId('page-status').getByText('Nobody is holding this page right now').waitFor();
        await expectHolders(d.page, 0);
        await screenshot(d.page, 'nobody-holding', screenshots);
        const e = await visitor();
        assert((await sharePage(e.page, origin, text)) === hash, 'sharing the same text gives the same address');
        await d.page.getByTestId('page-content').waitFor();
        assert((await pageText(d.page)).includes('Comes back'), 'the waiting visitor now sees the page');
        await expectHolders(d.page, 2);
      },
    },
    {
      name: 'a page full of script and onerror payloads renders inert in both views',
      async run() {
        const a = await visitor();
        const hash = await sharePage(a.page, origin, XSS_PAGE);
        const b = await visitor();
        await openPage(b.page, origin, hash);
        assert((await pageText(b.page)).includes('<script>'), 'plain text view shows the markup as text');
        await b.page.getByRole('button', { name: 'Markdown' }).click();
        const content = b.page.getByTestId('page-content');
        await content.getByRole('heading', { name: 'Hostile page' }).waitFor();
        await screenshot(b.page, 'markdown-hostile', screenshots);
        await b.page.waitForTimeout(500);
        for (const { page } of [a, b]) {
          assert((await page.evaluate(() => window.__pwned)) === undefined, 'no payload ran');
          assert(!page.dialogsSeen?.includes('alert'), 'no alert opened');
        }
        assert((await content.locator('script, iframe, object, embed, svg, img[onerror]').count()) === 0, 'no active elements');
        const hrefs = await content.locator('a').evaluateAll((links) => links.map((l) => [l.getAttribute('href'), l.rel]));
        assert(hrefs.length === 1, `only the https link is a link, got ${JSON.stringify(hrefs)}`);
        assert(hrefs[0][0] === 'https://example.com/' && hrefs[0][1] === 'noopener noreferrer', `safe link attributes: ${JSON.stringify(hrefs)}`);
        const onAttributes = await content.evaluate((root) =>
          [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
        );
        assert(onAttributes.length === 0, `no event handler attributes, got ${onAttributes}`);
      },
    },
    {
      name: 'on plain http at a LAN address (no crypto.subtle, no clipboard) sharing and copying still work',
      async run() {
        if (!servers.lanOrigin) return 'skip: this machine has no LAN address';
        const a = await visitor();
        await a.page.goto(`${servers.lanOrigin}/`);
        assert((await a.page.evaluate(() => window.isSecureContext || !!crypto.subtle)) === false, 'the LAN page is not a secure context');
        const text = pageTitled('Hashed without WebCrypto');
        const hash = await sharePage(a.page, servers.lanOrigin, text);
        assert(hash === sha256Hex(text), 'the fallback hash is the SHA-256 of the text');
        await a.page.getByRole('button', { name: 'Copy' }).click();
        await a.page.getByText('select the link and copy it yourself').waitFor();
        const b = await visitor();
        await openPage(b.page, origin, hash);
        assert((await pageText(b.page)).includes('Hashed without WebCrypto'), 'a visitor gets the page from the LAN tab');
      },
    },
    {
      name: 'an invalid address gives the not-found page that explains addresses',
      async run() {
        const { page } = await visitor();
        const response = await page.goto(`${origin}/not-a-page-address`);
        assert(response.status() === 404, `status ${response.status()}`);
        await page.getByRole('heading', { name: 'This is not a page address' }).waitFor();
        await page.getByText('exactly 64 characters').waitFor();
        await screenshot(page, 'not-found', screenshots);
        const short = await page.goto(`${origin}/${'a'.repeat(63)}`);
        assert(short.status() === 404, 'a 63-character address is not found either');
      },
    },
    {
      name: 'responses carry a nonce CSP, no-referrer and nosniff',
      async run() {
        const { page } = await visitor();
        const response = await page.goto(`${origin}/`);
        const headers = response.headers();
        const csp = headers['content-security-policy'] ?? '';
        assert(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/.test(csp), `CSP: ${csp}`);
        assert(!csp.includes("'unsafe-inline'") || !/script-src[^;]*'unsafe-inline'/.test(csp), 'inline script is not allowed');
        assert(csp.includes(servers.realtimeUrl.replace('http:', 'ws:')), 'the CSP lets the socket reach the sidecar');
        assert(headers['referrer-policy'] === 'no-referrer', 'Referrer-Policy');
        assert(headers['x-content-type-options'] === 'nosniff', 'X-Content-Type-Options');
      },
    },
    {
      name: 'held pages survive a reload, Stop lets go, and the last holder is asked before leaving',
      async run() {
        const a = await visitor();
        const first = await sharePage(a.page, origin, pageTitled('First held'));
        const second = await sharePage(a.page, origin, pageTitled('Second held'));
        await a.page.reload();
        await a.page.getByTestId('page-content').waitFor();
        assert((await a.page.getByTestId('held-page').count()) === 2, 'both pages are still held after the reload');
        await expectHolders(a.page, 1);
        const b = await visitor();
        await openPage(b.page, origin, first);
        await expectHolders(b.page, 2);
        await a.page.getByRole('button', { name: /Stop keeping page/ }).first().click();
        await expectHolders(b.page, 1);
        assert((await a.page.getByTestId('held-page').count()) === 1, 'the stopped page left the list');
        await screenshot(a.page, 'held-list', screenshots);
        // This tab is the last holder of `second`: leaving must ask first.
        await a.page.goto(`${origin}/${second}`);
        await a.page.getByTestId('page-content').click();
        await a.page.close({ runBeforeUnload: true });
        await new Promise((r) => setTimeout(r, 500));
        assert(a.page.dialogsSeen?.includes('beforeunload'), `leaving asked for confirmation (dialogs: ${a.page.dialogsSeen})`);
      },
    },
    {
      name: 'a held page survives a sidecar restart and a new visitor still gets it',
      async run() {
        const a = await visitor();
        const text = pageTitled('Survives restarts');
        const hash = await sharePage(a.page, origin, text);
        // A visitor already waiting for a page nobody holds must still get it after the restart.
        const lateText = pageTitled('Shared after the restart');
        const waiting = await visitor();
        await waiting.page.goto(`${origin}/${sha256Hex(lateText)}`);
        await waiting.page.getByTestId('page-status').getByText('Nobody is holding this page right now').waitFor();
        await servers.stopSidecar();
        await a.page.getByText('Connection to the relay lost').waitFor();
        await screenshot(a.page, 'connection-lost', screenshots);
        await servers.startSidecar();
        await a.page.getByText('Connection to the relay lost').waitFor({ state: 'detached' });
        const b = await visitor();
        await openPage(b.page, origin, hash);
        assert((await pageText(b.page)).includes('Survives restarts'), 'the new visitor sees the page');
        await expectHolders(a.page, 2);
        const late = await visitor();
        await sharePage(late.page, origin, lateText);
        await waiting.page.getByTestId('page-content').waitFor();
        assert((await pageText(waiting.page)).includes('Shared after the restart'), 'the waiting visitor got the page');
      },
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
