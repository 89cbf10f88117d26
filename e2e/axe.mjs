// axe-core in the page under test. The app's nonce CSP refuses injected
// <script> tags, so axe's source runs through playwright's evaluate (the
// DevTools protocol), which a page's CSP does not govern.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { assert } from './browser.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.x A and AA (2.2 included), plus axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Runs axe on the page as it is now; fails on any violation, of any impact, naming each. */
export async function expectAxeClean(page, what) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const { violations } = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    TAGS,
  );
  const described = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join(' | ')}`,
  );
  assert(violations.length === 0, `axe on ${what}: ${described.join('; ')}`);
}
