/**
 * @jest-environment node
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchResults, publish, RESULTS, RESULTS_PAGE, resultsMarkdown, withResults } from '@/bench/publish';

const latest = JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8')) as BenchResults;
const BEGIN = readFileSync(RESULTS_PAGE, 'utf8').match(/<!-- bench:results:begin[^>]*-->/)?.[0];
const END = '<!-- bench:results:end -->';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bench-publish-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('docs/BENCHMARK.md holds the results block that npm run bench:publish rewrites', () => {
  expect(RESULTS_PAGE).toMatch(/docs[/\\]BENCHMARK\.md$/);
  expect(BEGIN).toBeDefined();
  expect(() => withResults(readFileSync(RESULTS_PAGE, 'utf8'), latest, RESULTS_PAGE)).not.toThrow();
});

test('publishing rewrites only the block, the same way every time, and redraws the chart', () => {
  const page = join(dir, 'BENCHMARK.md');
  writeFileSync(page, `# Before\n\n${BEGIN}\nstale\n${END}\n\n## After\n`);
  publish(latest, { results: dir, page });
  const once = readFileSync(page, 'utf8');
  expect(once).toBe(`# Before\n\n${BEGIN}\n\n${resultsMarkdown(latest)}\n\n${END}\n\n## After\n`);
  expect(once).toContain('](../bench/results/chart.svg)');
  expect(readFileSync(join(dir, 'chart.svg'), 'utf8')).toContain('<svg');
  publish(latest, { results: dir, page });
  expect(readFileSync(page, 'utf8')).toBe(once);
});

test('a page without the markers is left alone, and the error names it', () => {
  const page = join(dir, 'BENCHMARK.md');
  writeFileSync(page, '# No block here\n');
  expect(() => publish(latest, { results: dir, page })).toThrow(`${page} has no results block`);
  expect(readFileSync(page, 'utf8')).toBe('# No block here\n');
});
