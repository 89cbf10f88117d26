// Fault tests in real Chromium against a real sidecar process (node e2e/run.mjs --suite faults):
// a sidecar killed with SIGKILL, hostile pages under the CSP, third-party requests, Referers.
import { createServer } from 'node:http';
import { assert, openPage, pageText, pageTitled, sharePage, sharePrivatePage, visitorsOf } from './browser.mjs';
import { expectInert, HOSTILE_PAGE, recordCspViolations } from './hostile-pages.mjs';

/** How soon after the sidecar is back a new visitor must have the page (issue 6). */
const RESTART_DEADLINE_MS = 5000;

/** An http server on 127.0.0.1, another origin than the app, that records every request's path and headers. */
async function startOutsideSite() {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url, headers: req.headers });
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>Outside</title><p>An outside site.</p>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Every request and WebSocket a context's tabs (and popups) open from now on. */
function recordRequests(context) {
  const seen = [];
  const watchSockets = (page) => page.on('websocket', (ws) => seen.push({ url: ws.url(), headers: {} }));
  context.pages().forEach(watchSockets);
  context.on('page', watchSockets);
  context.on('request', (request) => seen.push({ url: request.url(), headers: request.headers() }));
  return seen;
}

/** A URL's origin with ws(s) read as http(s), so the sidecar's socket and polling count as one origin. */
function originOf(url) {
  return new URL(url.replace(/^ws/, 'http')).origin;
}

export function defineFaultTests({ browser, servers }) {
  const origin = servers.webOrigin;
  const { visitor, closeAll, cleanups } = visitorsOf(browser);

  /** Opens a page's link in a tab and shows it as Markdown. */
  const openAsMarkdown = async (page, link) => {
    await page.goto(link);
    await page.getByTestId('page-content').waitFor();
    await page.getByRole('button', { name: 'Markdown' }).click();
  };

  return [
    {
      name: 'faults: sidecar killed with SIGKILL and restarted on its port: tabs re-announce, a new visitor gets each page within 5 s',
      async run() {
        const a = await visitor();
        const publicText = pageTitled('Outlives a killed sidecar');
        const publicHash = await sharePage(a.page, origin, publicText);
        const secret = await sharePrivatePage(a.page, origin, pageTitled('Private, outlives a killed sidecar'));
        const b = await visitor();
        await openPage(b.page, origin, publicHash);

        await servers.killSidecar();
        await a.page.getByText('Connection to the relay lost').waitFor();
        await servers.startSidecar();
        const restartedAt = Date.now();
        const untilDeadline = () => Math.max(1, RESTART_DEADLINE_MS - (Date.now() - restartedAt));

        const [c, d] = await Promise.all([visitor(), visitor()]);
        await Promise.all([c.page.goto(`${origin}/${publicHash}`), d.page.goto(secret.link)]);
        await Promise.all(
          [c, d].map(({ page }) => page.getByTestId('page-content').waitFor({ timeout: untilDeadline() })),
        );
        assert((await pageText(c.page)).includes('Outlives a killed sidecar'), 'the new visitor reads the public page');
        assert(
          (await pageText(d.page)).includes('Private, outlives a killed sidecar'),
          'the new visitor reads the private page',
        );
        await a.page.getByText('Connection to the relay lost').waitFor({ state: 'detached' });
      },
    },
    {
      name: 'faults: HTML, SVG, javascript: links and Markdown tricks render inert under the CSP, public and private',
      async run() {
        const a = await visitor();
        await recordCspViolations(a.context);
        const publicHash = await sharePage(a.page, origin, HOSTILE_PAGE);
        const secret = await sharePrivatePage(a.page, origin, HOSTILE_PAGE);
        for (const link of [`${origin}/${publicHash}`, secret.link]) {
          const v = await visitor();
          await recordCspViolations(v.context);
          await v.page.goto(link);
          await v.page.getByTestId('page-content').waitFor();
          assert(
            (await pageText(v.page)).includes('<script>window.__pwned'),
            'the plain text view shows markup as text',
          );
          await expectInert(v.page, { csp: true });
          await v.page.getByRole('button', { name: 'Markdown' }).click();
          await v.page.getByTestId('page-content').getByRole('link', { name: 'a fine link' }).waitFor();
          // Give anything that was going to run (onload, meta refresh, lazy loads) time to try.
          await v.page.waitForTimeout(1000);
          assert(v.page.url() === link, `the tab stayed on the page (now ${v.page.url()})`);
          const links = await expectInert(v.page, { csp: true });
          const hrefs = links.map((l) => l.href).sort();
          assert(
            JSON.stringify(hrefs) === JSON.stringify(['https://autolink.example/', 'https://example.com/']),
            `only the two https links are links, got ${hrefs}`,
          );
        }
        await expectInert(a.page, { csp: true });
      },
    },
    {
      name: 'faults: no request leaves for a third party while hostile pages are created and viewed, as text and as Markdown',
      async run() {
        const allowed = new Set([origin, originOf(servers.realtimeUrl)]);
        const a = await visitor();
        const seen = recordRequests(a.context);
        const publicHash = await sharePage(a.page, origin, HOSTILE_PAGE);
        await a.page.getByRole('button', { name: 'Markdown' }).click();
        const secret = await sharePrivatePage(a.page, origin, HOSTILE_PAGE);
        await a.page.getByRole('button', { name: 'Markdown' }).click();
        const b = await visitor();
        const seenByB = recordRequests(b.context);
        for (const link of [`${origin}/${publicHash}`, secret.link]) await openAsMarkdown(b.page, link);
        // A negative window: give a lazy load or a prefetch time to try to leave.
        await b.page.waitForTimeout(1000);

        const all = [...seen, ...seenByB].filter(({ url }) => !/^(data|blob):/.test(url));
        assert(
          all.some(({ url }) => originOf(url) === originOf(servers.realtimeUrl)),
          'the recording saw the sidecar traffic',
        );
        const outside = all.filter(({ url }) => !allowed.has(originOf(url)));
        assert(outside.length === 0, `requests left for third parties: ${outside.map((r) => r.url).join(', ')}`);
      },
    },
    {
      name: 'faults: the page address and key never appear in a Referer, even when a reader follows a link out',
      async run() {
        const site = await startOutsideSite();
        cleanups.push(site.close);
        const text = (title) =>
          [
            `# ${title}`,
            '',
            `[visit the outside site](${site.url}/landing)`,
            '',
            `![tracking pixel](${site.url}/pixel.png)`,
            '',
          ].join('\n');
        const a = await visitor();
        const publicHash = await sharePage(a.page, origin, text('Links out'));
        const secret = await sharePrivatePage(a.page, origin, text('Private links out'));
        const cases = [
          { link: `${origin}/${publicHash}`, secrets: [publicHash] },
          { link: secret.link, secrets: [secret.hash, secret.key] },
        ];
        for (const { link, secrets } of cases) {
          const v = await visitor();
          const seen = recordRequests(v.context);
          await openAsMarkdown(v.page, link);
          const before = site.requests.length;
          const [popup] = await Promise.all([
            v.context.waitForEvent('page'),
            v.page.getByRole('link', { name: 'visit the outside site' }).click(),
          ]);
          await popup.getByText('An outside site.').waitFor();
          const landing = site.requests.slice(before).find((r) => r.path === '/landing');
          assert(landing, 'the outside site was visited');
          assert(landing.headers.referer === undefined, `the outside site got a Referer: ${landing.headers.referer}`);
          const leaking = seen.filter(({ headers }) => secrets.some((s) => (headers.referer ?? '').includes(s)));
          assert(leaking.length === 0, `requests carried the address in a Referer: ${leaking.map((r) => r.url)}`);
        }
        assert(!site.requests.some((r) => r.path === '/pixel.png'), 'images in a page are never fetched');
        // The outside page's own requests (its favicon) may name the outside page; none may name ours.
        const fromUs = site.requests.filter((r) => (r.headers.referer ?? '').startsWith(origin));
        assert(
          fromUs.length === 0,
          `the outside site got Referers from the app: ${fromUs.map((r) => r.headers.referer)}`,
        );
      },
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
