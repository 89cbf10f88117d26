import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions } from './args';
import type { CapacityFigures } from './capacity';
import { renderChart } from './chart';
import type { ChurnFigures } from './churn';
import type { StormFigures } from './figures';
import type { IdleMemoryFigures } from './idle-memory';
import {
  capacityTable,
  churnTable,
  describeChurn,
  describeWorkload,
  idleMemoryLine,
  stormTable,
  summaryTable,
} from './report';
import { num } from './table';

/** Everything one run measured, as bench/results/latest.json keeps it. */
export interface BenchResults {
  generatedAt: string;
  seconds: number;
  machine: {
    cpus: number;
    cpuModel: string | undefined;
    memoryBytes: number;
    node: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  options: BenchOptions;
  storms: StormFigures[];
  churn: ChurnFigures[];
  capacity: CapacityFigures | undefined;
  idleMemory: IdleMemoryFigures | undefined;
  missedTargets: string[];
}

export const RESULTS = join(__dirname, 'results');
/** The page that shows the latest results, between the markers below. */
export const RESULTS_PAGE = join(__dirname, '..', 'docs', 'BENCHMARK.md');
const BEGIN =
  '<!-- bench:results:begin (written by npm run bench from bench/results/latest.json; edits here are overwritten) -->';
const END = '<!-- bench:results:end -->';

/** The results block: the run, the chart, and every table, from one run's results. */
export function resultsMarkdown(r: BenchResults): string {
  const { machine } = r;
  const at = r.generatedAt.slice(0, 16).replace('T', ' ');
  const storms = [...new Set(r.storms.map((f) => f.workload.holders))].map((n) =>
    r.storms.filter((f) => f.workload.holders === n),
  );
  const parts = [
    `One run of \`npm run bench\`, ${at} UTC: ${machine.cpus} cores (${machine.cpuModel ?? 'unknown CPU'}), ` +
      `Node ${machine.node.replace(/^v/, '')}, loopback, ${num(r.seconds)} s; load average ` +
      `${machine.loadAverageAtStart[0].toFixed(1)} at the start, ${machine.loadAverageAtEnd[0].toFixed(1)} at the end ` +
      "(other people's work on the same cores shows up in the latencies). " +
      `The visitors played from ${r.options.generators} load generator processes; "pre-connected": ` +
      'they connected before the storm, the others as they arrived.',
    "![Events per visitor, and p99 time-to-content by the visitors' clocks and by the server's histogram, against N: sidecar, bare Socket.IO relay and baseline, visitors arriving (circles) and pre-connected (long dashes, squares)](../bench/results/chart.svg)",
    '**Every storm**',
    summaryTable(r.storms),
    ...storms.flatMap((figures) => [`**Storm: ${describeWorkload(figures[0].workload)}**`, stormTable(figures)]),
    ...(r.churn.length > 0 ? [`**Steady churn: ${describeChurn(r.churn[0])}**`, churnTable(r.churn)] : []),
    ...(r.capacity
      ? [
          `**Sidecar capacity, N=${r.capacity.holders} holders:** ${r.capacity.sustainedPerSecond} visitor arrivals per second sustained with p99 ≤ ${r.capacity.p99LimitMs} ms (each rate held for 2 s).`,
          capacityTable(r.capacity),
        ]
      : []),
    ...(r.idleMemory ? [`**Memory per idle connection:** ${idleMemoryLine(r.idleMemory)}.`] : []),
    `**Sidecar targets:** ${r.missedTargets.length === 0 ? 'all met.' : `missed ${r.missedTargets.join('; ')}.`}`,
  ];
  return parts.join('\n\n');
}

/** `text` (the file `name`) with its results block replaced by `r`'s; the rest is kept as it is. */
export function withResults(text: string, r: BenchResults, name: string): string {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin)
    throw new Error(`${name} has no results block: put "${BEGIN}" and "${END}" where it goes`);
  return `${text.slice(0, begin + BEGIN.length)}\n\n${resultsMarkdown(r)}\n\n${text.slice(end)}`;
}

/** Redraws the chart in `results` and the results block of `page` (docs/BENCHMARK.md) from one run. */
export function publish(r: BenchResults, { results = RESULTS, page = RESULTS_PAGE } = {}): void {
  const caption = `storms of ${r.storms[0].workload.pageBytes}-byte pages (W, bursts and repetitions per N in docs/BENCHMARK.md); ${r.machine.cpus} cores, loopback`;
  const updated = withResults(readFileSync(page, 'utf8'), r, page);
  writeFileSync(join(results, 'chart.svg'), renderChart(r.storms, caption));
  writeFileSync(page, updated);
}

/** `npm run bench:publish`: redraws the chart and docs/BENCHMARK.md's results from bench/results/latest.json. */
if (require.main === module) {
  publish(JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8')) as BenchResults);
}
