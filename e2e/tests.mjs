// Each test plays people in separate browser contexts against the built app and a real sidecar.
import { readFileSync } from 'node:fs';
import {
  assert,
  expectHolders,
  heldBytes,
  holding,
  nobodyHolding,
  openPage,
  OTHER_KEY,
  pageText,
  pageTitled,
  screenshot,
  sha256Hex,
  sharePage,
  sharePrivatePage,
  visitorsOf,
} from './browser.mjs';
import { expectInert, XSS_PAGE } from './hostile-pages.mjs';
import { startServers } from './servers.mjs';

const SECRET_PAGE = [
  '# Surprise party for Ana',
  '',
  'Saturday at **8 pm**, at the boathouse. Do not tell Ana!',
  '',
  '- Marta brings the cake',
  '- Tomás brings candles ✓',
  '',
].join('\n');

export function defineTests({ browser, servers, screenshots, logDir }) {
  const origin = servers.webOrigin;
  const { visitor, closeAll, cleanups } = visitorsOf(browser);

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
        await holding(page).waitFor();
        await expectHolders(page, 1);
        await page.getByText('if you close it, the page will be gone').waitFor();
        assert((await pageText(page)).startsWith('# Picnic on Saturday'), 'the shared text is shown');
        await page.getByRole('heading', { name: 'Pages you are keeping alive' }).waitFor();
        await page.getByAltText('QR code of the link to this page').waitFor();
        assert(
          (await page.getByLabel('Link to this page').inputValue()) === `${origin}/${hash}`,
          'the share link is the page address',
        );
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
        await holding(b.page).waitFor();
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
        await nobodyHolding(d.page).getByText('Nobody is holding a page at this address').waitFor();
        // It never saw the page held, so it does not claim there was one: no "0 holders · gone".
        assert((await d.page.getByTestId('health-meter').count()) === 0, 'no meter for an address never seen held');
        await d.page.getByRole('link', { name: 'Write a new page' }).waitFor();
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
        await content.getByRole('link', { name: 'a fine link' }).waitFor();
        await screenshot(b.page, 'markdown-hostile', screenshots);
        // A negative window: give a payload that was going to run (onerror, onload) time to try.
        await b.page.waitForTimeout(500);
        assert((await a.page.evaluate(() => window.__pwned)) === undefined, "no payload ran in the creator's tab");
        const links = await expectInert(b.page);
        assert(
          links.length === 1 && links[0].href === 'https://example.com/',
          `only the https link is a link, got ${JSON.stringify(links)}`,
        );
      },
    },
    {
      name: 'on plain http at a LAN address (no crypto.subtle, no clipboard) sharing, copying and opening a link still work, and a private page says it needs https',
      async run() {
        if (!servers.lanOrigin) return 'skip: this machine has no LAN address';
        const a = await visitor();
        await a.page.goto(`${servers.lanOrigin}/`);
        assert(
          (await a.page.evaluate(() => window.isSecureContext || !!crypto.subtle)) === false,
          'the LAN page is not a secure context',
        );
        // AES-GCM has no fallback: a private page says what it needs instead.
        await a.page.getByLabel('Page text').fill(pageTitled('Private without WebCrypto'));
        await a.page.getByLabel('Private page', { exact: true }).check();
        await a.page.getByRole('button', { name: 'Share' }).click();
        await a.page.getByText('Could not share the page: Private pages need a secure connection').waitFor();
        const text = pageTitled('Hashed without WebCrypto');
        const hash = await sharePage(a.page, servers.lanOrigin, text);
        assert(hash === sha256Hex(text), 'the fallback hash is the SHA-256 of the text');
        await a.page.getByRole('button', { name: 'Copy' }).click();
        await a.page.getByText('select the link and copy it yourself').waitFor();
        const b = await visitor();
        await openPage(b.page, origin, hash);
        assert(
          (await pageText(b.page)).includes('Hashed without WebCrypto'),
          'a visitor gets the page from the LAN tab',
        );
        // A link opened on the LAN address: the early start stands aside there (no WebCrypto), and the
        // viewer connects on its own at once, with nothing clicked or typed.
        const c = await visitor();
        await openPage(c.page, servers.lanOrigin, hash);
        assert((await pageText(c.page)).includes('Hashed without WebCrypto'), 'a LAN visitor gets the page too');
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
        assert(
          !csp.includes("'unsafe-inline'") || !/script-src[^;]*'unsafe-inline'/.test(csp),
          'inline script is not allowed',
        );
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
        await a.page
          .getByRole('button', { name: /Stop keeping page/ })
          .first()
          .click();
        await expectHolders(b.page, 1);
        assert((await a.page.getByTestId('held-page').count()) === 1, 'the stopped page left the list');
        await screenshot(a.page, 'held-list', screenshots);
        // This tab is the last holder of `second`: leaving must ask first.
        await a.page.goto(`${origin}/${second}`);
        await a.page.getByTestId('page-content').click();
        // The dialog, or the page closing without one, whichever comes first.
        const asked = a.page.waitForEvent('dialog', { timeout: 10_000 }).catch(() => null);
        await a.page.close({ runBeforeUnload: true });
        await asked;
        assert(
          a.page.dialogsSeen?.includes('beforeunload'),
          `leaving asked for confirmation (dialogs: ${a.page.dialogsSeen})`,
        );
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
        await nobodyHolding(waiting.page).waitFor();
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
    {
      name: 'a private page: the address is the SHA-256 of its ciphertext, and the full link opens it in another browser',
      async run() {
        const a = await visitor();
        await a.page.goto(`${origin}/`);
        await a.page.getByLabel('Page text').fill(SECRET_PAGE);
        await a.page.getByLabel('Private page', { exact: true }).check();
        await a.page.getByText('only people with the full link (it carries the key) can read it').waitFor();
        await screenshot(a.page, 'private-editor', screenshots);
        const { hash, key, link } = await sharePrivatePage(a.page, origin, SECRET_PAGE);
        const sealed = await heldBytes(a.page, hash);
        assert(hash === sha256Hex(sealed), 'the address is the SHA-256 of the bytes the tab holds');
        assert(hash !== sha256Hex(SECRET_PAGE), 'the address is not the SHA-256 of the text');
        assert(!sealed.includes(Buffer.from('Surprise party')), 'the held bytes are not the text');
        assert((await pageText(a.page)).startsWith('# Surprise party for Ana'), 'the creator reads the text');
        await a.page.getByTestId('page-kind').getByText('Private', { exact: true }).waitFor();
        await a.page.getByTestId('page-status').getByRole('button', { name: 'Details' }).click();
        await a.page.getByTestId('page-kind-explained').getByText('the relay sees only ciphertext').waitFor();
        assert((await a.page.getByLabel('Link to this page').inputValue()) === link, 'the share link carries the key');
        await a.page.getByAltText('QR code of the link to this page').waitFor();
        await expectHolders(a.page, 1);
        await screenshot(a.page, 'private-creator', screenshots);

        const b = await visitor();
        await b.page.goto(link);
        await b.page.getByTestId('page-content').waitFor();
        assert(
          (await pageText(b.page)).startsWith('# Surprise party for Ana'),
          'the visitor with the full link reads the text',
        );
        await holding(b.page).waitFor();
        await expectHolders(b.page, 2);
        await expectHolders(a.page, 2);
        assert(
          (await b.page.getByLabel('Link to this page').inputValue()) === link,
          "the visitor's share link carries the key",
        );
        await screenshot(b.page, 'private-visitor', screenshots);

        assert(key.length === 43, 'the key is 43 base64url characters');
        // The choice is remembered in this browser: a fresh editor starts private (once it has read it).
        await a.page.goto(`${origin}/`);
        await a.page.waitForFunction(() => document.querySelector('input[type="checkbox"]')?.checked === true);
        await a.page.getByText('only people with the full link (it carries the key) can read it').waitFor();
      },
    },
    {
      name: 'a private link without its key, or with another key, says so and never shows the page',
      async run() {
        const a = await visitor();
        const { hash, key } = await sharePrivatePage(a.page, origin, pageTitled('Locked away'));
        const cases = [
          { fragment: '', title: 'This link is missing its key', shot: 'private-missing-key' },
          { fragment: `#k=${OTHER_KEY}`, title: 'This key does not open this page', shot: 'private-wrong-key' },
          { fragment: `#k=${key.slice(0, 20)}`, title: 'This key does not open this page' },
        ];
        for (const { fragment, title, shot } of cases) {
          const v = await visitor();
          await v.page.goto(`${origin}/${hash}${fragment}`);
          await v.page.getByTestId('page-status').getByText(title).waitFor();
          await v.page.getByRole('heading', { name: 'Private page' }).waitFor();
          assert(
            (await v.page.getByTestId('page-content').count()) === 0,
            `no content is shown (${fragment || 'no key'})`,
          );
          assert(!(await v.page.locator('body').innerText()).includes('Locked away'), 'the text never appears');
          if (shot) await screenshot(v.page, shot, screenshots);
        }
      },
    },
    {
      name: 'a private page survives a reload; the held list names it and its link keeps the key',
      async run() {
        const a = await visitor();
        const requests = [];
        a.context.on('request', (r) => requests.push(`${r.url()} ${JSON.stringify(r.headers())}`));
        const { key, link } = await sharePrivatePage(a.page, origin, pageTitled('Private and kept'));
        await sharePage(a.page, origin, pageTitled('Public and kept'));
        await a.page.reload();
        const row = a.page.getByTestId('held-page').filter({ hasText: 'Private and kept' });
        await row.getByText('private ·').waitFor();
        assert(
          (await row.getByRole('link').getAttribute('href')) === link.slice(origin.length),
          'the list links with the key',
        );
        await row.getByRole('link').click();
        await a.page.waitForURL(link);
        await a.page.getByTestId('page-content').waitFor();
        assert((await pageText(a.page)).includes('Private and kept'), 'the page opens from the list after a reload');
        const b = await visitor();
        await b.page.goto(link);
        await b.page.getByTestId('page-content').waitFor();
        await expectHolders(b.page, 2);
        await b.context.close();
        await expectHolders(a.page, 1);
        await a.page.getByText('if you close it, the page will be gone').waitFor();
        assert(!requests.some((r) => r.includes(key)), 'no request carried the key, reloads and in-app links included');
      },
    },
    {
      name: 'a visitor waiting for a private page gets it when a holder comes back',
      async run() {
        const a = await visitor();
        const { link } = await sharePrivatePage(a.page, origin, pageTitled('Private, back again'));
        await a.page.getByRole('button', { name: /Stop keeping page/ }).click();
        // The only holder is asked before it lets go.
        await a.page.getByRole('button', { name: 'Stop and let it go' }).click();
        await a.page.getByText('This page is gone').waitFor();
        const b = await visitor();
        await b.page.goto(link);
        await nobodyHolding(b.page).waitFor();
        await a.page.getByRole('button', { name: 'Hold it again' }).click();
        await b.page.getByTestId('page-content').waitFor();
        assert((await pageText(b.page)).includes('Private, back again'), 'the waiting visitor reads the page');
        await expectHolders(b.page, 2);
      },
    },
    {
      name: 'while a private page is relayed, the sidecar receives, sends and logs only ciphertext',
      async run() {
        // A second web app and sidecar, with every byte to and from the sidecar captured and debug logs on.
        const captured = await startServers({
          logDir,
          pageMaxBytes: servers.pageMaxBytes,
          name: 'capture-',
          captureTraffic: true,
          logLevel: 'debug',
        });
        cleanups.push(() => captured.stop());
        const at = captured.webOrigin;
        const requests = [];
        const a = await visitor();
        const b = await visitor();
        for (const { context } of [a, b])
          context.on('request', (r) => requests.push({ url: r.url(), headers: r.headers() }));

        const publicText = pageTitled('Public control page, readable on the wire');
        const publicHash = await sharePage(a.page, at, publicText);
        await openPage(b.page, at, publicHash);
        const { hash, key, link } = await sharePrivatePage(a.page, at, SECRET_PAGE);
        await b.page.goto(link);
        await b.page.getByTestId('page-content').waitFor();
        assert((await pageText(b.page)).startsWith('# Surprise party for Ana'), 'the visitor reads the private page');

        const traffic = captured.capture.traffic();
        // The capture is real: a public page's text crosses the sidecar readable, and so do the private page's sealed bytes.
        assert(
          traffic.includes(Buffer.from('Public control page, readable on the wire')),
          'the capture sees page bytes',
        );
        assert(traffic.includes(await heldBytes(a.page, hash)), 'the sidecar relayed the sealed bytes');
        for (const secret of ['Surprise party', 'boathouse', 'Tomás', key]) {
          assert(!traffic.includes(Buffer.from(secret)), `the sidecar's traffic never contains "${secret}"`);
        }
        const sidecarLog = readFileSync(captured.sidecar.logFile, 'utf8');
        assert(sidecarLog.includes('"level":'), 'the sidecar logged at debug level');
        const webLog = readFileSync(captured.web.logFile, 'utf8');
        for (const secret of ['Surprise party', 'boathouse', key]) {
          assert(!sidecarLog.includes(secret) && !webLog.includes(secret), `no server log contains "${secret}"`);
        }
        const leaks = requests.filter(
          ({ url, headers }) => url.includes(key) || Object.values(headers).some((v) => v.includes(key)),
        );
        assert(leaks.length === 0, `no request carries the key: ${leaks.map((r) => r.url)}`);
      },
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
