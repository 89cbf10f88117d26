import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type BenchOptions, type StormPlan } from './args';
import { measureCapacity } from './capacity';
import { runChurn, STANDARD_CHURN, type ChurnFigures } from './churn';
import type { StormFigures } from './figures';
import { measureIdleMemory } from './idle-memory';
import { publish, RESULTS, type BenchResults } from './publish';
import {
  capacityTable,
  churnTable,
  describeChurn,
  describeWorkload,
  idleMemoryLine,
  missedChurnTargets,
  missedTargets,
  stormTable,
  summaryTable,
} from './report';
import { isProduct, type ServerKind } from './ipc';
import { runStorms, type Limits, type Variant } from './scenario';
import { spawnVisitors, type VisitorPool } from './visitor-pool';
import { warmUpGenerators } from './warm-up';

/**
 * `npm run bench`: the storms on the sidecar, on a bare Socket.IO relay (a
 * yardstick for latency) and on the naive baseline, the steady churn, then the
 * sidecar's capacity and idle memory; the standard run also redraws the chart
 * and the results in docs/BENCHMARK.md.
 */

/**
 * The baseline runs once: each of its storms takes up to the deadline, and its
 * figures are orders of magnitude from the sidecar's either way.
 */
const BASELINE_REPETITIONS = 1;
const SETTLE_MS = 15_000;
/** Holders of the capacity ramp: the default storm's. */
const CAPACITY_HOLDERS = 500;

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** The yardstick's visitors too can connect before the storm; the baseline's arrive only, as the seed's did. */
const preconnects = (kind: ServerKind) => kind !== 'baseline';

async function stormAt(options: BenchOptions, plan: StormPlan, limits: Limits, visitors: VisitorPool) {
  const workload = { ...plan, pageBytes: options.pageBytes };
  console.log(`\n### Storm: ${describeWorkload(workload)}\n`);
  const kinds = options.servers.filter((kind) => kind !== 'baseline' || !plan.noBaseline);
  const variants: Variant[] = [
    ...kinds.map((kind) => ({ kind, preconnected: false })),
    ...kinds.filter(preconnects).map((kind) => ({ kind, preconnected: true })),
  ];
  const figures = await runStorms(
    variants,
    workload,
    limits,
    visitors,
    (kind) => (kind === 'baseline' ? BASELINE_REPETITIONS : plan.repeat),
    ({ kind, preconnected }) =>
      progress(`${kind}${preconnected ? ', pre-connected' : ''}, N=${plan.holders}, W=${plan.visitors}`),
  );
  console.log(stormTable(figures));
  return figures;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const limits: Limits = { deadlineMs: options.deadlineMs, settleMs: SETTLE_MS };
  const startedAt = performance.now();
  const loadAverageAtStart = loadavg();
  if (loadAverageAtStart[0] > cpus().length / 2) {
    progress(
      `load average ${loadAverageAtStart[0].toFixed(1)} on ${cpus().length} cores: latencies will include others' work`,
    );
  }

  const visitors = await spawnVisitors(options.generators, options.pageBytes);
  try {
    progress('warming up the load generators (unmeasured)');
    await warmUpGenerators(visitors, options.pageBytes, limits);
    await measure(options, limits, visitors, startedAt, loadAverageAtStart);
  } finally {
    await visitors.stop();
  }
}

async function measure(
  options: BenchOptions,
  limits: Limits,
  visitors: VisitorPool,
  startedAt: number,
  loadAverageAtStart: number[],
): Promise<void> {
  const storms: StormFigures[] = [];
  for (const plan of options.storms) storms.push(...(await stormAt(options, plan, limits, visitors)));
  if (options.storms.length > 1) {
    console.log('\n### Every storm\n');
    console.log(summaryTable(storms));
  }

  const churn: ChurnFigures[] = [];
  if (options.churn && options.servers.includes('sidecar')) {
    progress('sidecar, steady churn');
    churn.push(await runChurn('sidecar', STANDARD_CHURN, options.pageBytes));
    console.log(`\n### Steady churn: ${describeChurn(churn[0])}\n`);
    console.log(churnTable(churn));
  }

  const measureSidecar = options.capacity && options.servers.includes('sidecar');
  if (measureSidecar) progress('sidecar capacity ramp');
  const capacity = measureSidecar ? await measureCapacity(CAPACITY_HOLDERS, options.pageBytes, visitors) : undefined;
  if (capacity) {
    console.log(`\n### Sidecar capacity, N=${capacity.holders} holders\n`);
    console.log(capacityTable(capacity));
    console.log(
      `\nSustained: ${capacity.sustainedPerSecond} visitor arrivals per s with p99 ≤ ${capacity.p99LimitMs} ms.`,
    );
  }
  if (measureSidecar) progress(`sidecar idle memory, ${options.idleConnections} connections`);
  const idleMemory = measureSidecar ? await measureIdleMemory(options.idleConnections) : undefined;
  if (idleMemory) console.log(`\n${idleMemoryLine(idleMemory)}`);

  const misses = [
    ...storms
      .filter((f) => isProduct(f.server))
      .flatMap((f) =>
        missedTargets(
          f,
          storms.find(
            (g) =>
              g.server === 'bare' &&
              g.workload.holders === f.workload.holders &&
              g.workload.preconnected === f.workload.preconnected,
          ),
        ),
      ),
    ...churn.flatMap(missedChurnTargets),
  ];
  console.log(`\nSidecar targets: ${misses.length === 0 ? 'all met' : `missed ${misses.join('; ')}`}`);

  const seconds = (performance.now() - startedAt) / 1000;
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    seconds,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryBytes: totalmem(),
      node: process.version,
      // Others' work on the same cores shows up in the latencies; this says how busy it was.
      loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
    },
    options,
    storms,
    churn,
    capacity,
    idleMemory,
    missedTargets: misses,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (!options.custom) publish(results);
  progress(
    `done in ${seconds.toFixed(0)} s; results in bench/results/${options.custom ? '' : ', chart and docs/BENCHMARK.md redrawn'}`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
