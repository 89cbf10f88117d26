/**
 * @jest-environment node
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const DOCUMENTS = [
  'README.md',
  'RELIABILITY.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

/** Fenced code blocks, whose brackets and #-lines are neither links nor headings. */
const FENCES = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm;

/** The Markdown without fenced code blocks and code spans, whose brackets are not links. */
function prose(markdown: string): string {
  return markdown.replace(FENCES, '').replace(/`[^`\n]*`/g, '');
}

/**
 * GitHub's heading anchor: the heading's text, lowercased, with punctuation
 * dropped and spaces turned to hyphens; a repeated one gets -1, -2, ...
 */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  const withoutFences = markdown.replace(FENCES, '');
  for (const [, heading] of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    found.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return found;
}

/** Every relative link and image target in a document: `[text](target)` and `[label]: target`. */
function relativeLinks(markdown: string): string[] {
  const text = prose(markdown);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(([, target]) => target),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map(([, target]) => target),
  ];
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Why `target`, linked from `from`, does not resolve; null when it does. */
function broken(from: string, target: string): string | null {
  const [path, anchor] = target.split('#', 2);
  const file = path === '' ? from : normalize(join(dirname(from), decodeURI(path)));
  if (!existsSync(file)) return `${file} does not exist`;
  if (anchor === undefined) return null;
  if (statSync(file).isDirectory() || !file.endsWith('.md')) return `${file} has no headings for #${anchor}`;
  return anchors(readFileSync(file, 'utf8')).has(anchor) ? null : `${file} has no heading #${anchor}`;
}

test.each(DOCUMENTS)('every relative link in %s resolves to a file and heading', (document) => {
  const links = relativeLinks(readFileSync(document, 'utf8'));
  const problems = links.map((target) => [target, broken(document, target)]).filter(([, why]) => why !== null);
  expect(problems).toEqual([]);
});

test('the link check sees links, and slugs headings as GitHub does', () => {
  expect(relativeLinks('[a](docs/x.md#y) ![b](p.png "t") `[c](no.md)` [d](https://e.org)\n[e]: ../f.md')).toEqual([
    'docs/x.md#y',
    'p.png',
    '../f.md',
  ]);
  expect([...anchors('# Settings (environment, read once at start)\n## `REALTIME_URL`\n## Tests\n## Tests')]).toEqual([
    'settings-environment-read-once-at-start',
    'realtime_url',
    'tests',
    'tests-1',
  ]);
});
