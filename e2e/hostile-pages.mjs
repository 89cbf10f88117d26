// Pages written by an attacker, and the check that they rendered inert.
import { assert } from './browser.mjs';

/** Script, event-handler and javascript: payloads, each setting window.__pwned if it ever ran. */
export const XSS_PAGE = [
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

/**
 * {@link XSS_PAGE} plus HTML that would load things from other hosts or run
 * script another way: iframes, objects, forms, styles, meta refresh, base,
 * SVG with script, reference links and autolinks.
 */
export const HOSTILE_PAGE = [
  XSS_PAGE,
  '<iframe src="javascript:top.__pwned=\'iframe\'"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned=\'srcdoc\'</script>"></iframe>',
  '<object data="data:text/html,<script>parent.__pwned=\'object\'</script>"></object>',
  '<svg><script>window.__pwned = "svg-script"</script><image href="https://tracker.example/svg.png"/></svg>',
  '<a href="javascript:window.__pwned=\'html-link\'">an HTML link</a>',
  '<form action="https://evil.example/steal"><button>Send</button></form>',
  '<link rel="stylesheet" href="https://evil.example/style.css">',
  '<style>body { background: url(https://evil.example/bg.png) }</style>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<base href="https://evil.example/">',
  '<img src="https://tracker.example/pixel.png">',
  '',
  '![remote image](https://tracker.example/image.png)',
  '[reference link][r] and <javascript:window.__pwned="autolink">',
  '',
  '[r]: javascript:window.__pwned="reference"',
  '',
  'An autolink: <https://autolink.example/>',
  '',
].join('\n');

/** Records Content-Security-Policy violations in every page of the context, before any page script runs. */
export async function recordCspViolations(context) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}

/**
 * Asserts a tab showing a hostile page ran none of it: no payload flag, no
 * dialog, no active element or event handler in the content, only safe links.
 * With `csp`, also that the CSP never had to block anything.
 */
export async function expectInert(page, { csp = false } = {}) {
  assert(
    (await page.evaluate(() => window.__pwned)) === undefined,
    `a payload ran: ${await page.evaluate(() => window.__pwned)}`,
  );
  assert(!(page.dialogsSeen ?? []).some((type) => type !== 'beforeunload'), `a dialog opened: ${page.dialogsSeen}`);
  if (csp) {
    const violations = await page.evaluate(() => window.__cspViolations);
    assert(Array.isArray(violations) && violations.length === 0, `the CSP had to block: ${violations}`);
  }
  const content = page.getByTestId('page-content');
  const active = await content
    .locator('script, iframe, object, embed, svg, img, form, link, style, meta, base')
    .count();
  assert(active === 0, `the content has ${active} active elements`);
  const onAttributes = await content.evaluate((root) =>
    [...root.querySelectorAll('*')]
      .flatMap((el) => [...el.attributes].map((a) => a.name))
      .filter((n) => n.startsWith('on')),
  );
  assert(onAttributes.length === 0, `no event handler attributes, got ${onAttributes}`);
  const links = await content
    .locator('a')
    .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), rel: a.rel })));
  for (const { href, rel } of links) {
    assert(/^(https?:|mailto:)/.test(href ?? ''), `only http(s) and mailto links, got ${href}`);
    assert(rel === 'noopener noreferrer', `links open with noopener noreferrer, got "${rel}" on ${href}`);
  }
  return links;
}
