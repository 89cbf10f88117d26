import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type BenchOptions } from './args';
import { measureCapacity } from './capacity';
import { renderChart } from './chart';
import type { StormFigures, Workload } from './figures';
import { measureIdleMemory } from './idle-memory';
import { capacityTable, describeWorkload, idleMemoryLine, missedTargets, stormTable, sweepTable } from './report';
import { runStormScenario, type Limits } from './scenario';

/** `npm run bench`: the storm on both servers, then the sidecar's capacity and idle memory. */

const SWEEP_HOLDERS = [100, 500, 2000];
/**
 * The baseline runs once: each of its storms takes up to the deadline, and its
 * figures are orders of magnitude from the sidecar's either way.
 */
const BASELINE_REPETITIONS = 1;
const SETTLE_MS = 15_000;
const RESULTS = join(__dirname, 'results');

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function stormAt(options: BenchOptions, holders: number, limits: Limits): Promise<StormFigures[]> {
  const workload: Workload = { ...options, holders };
  console.log(`\n### Storm: ${describeWorkload(workload)}\n`);
  const figures: StormFigures[] = [];
  for (const kind of options.servers) {
    progress(`${kind}, N=${holders}`);
    const repetitions = kind === 'baseline' ? BASELINE_REPETITIONS : options.repeat;
    figures.push(await runStormScenario(kind, workload, limits, repetitions));
  }
  console.log(stormTable(figures));
  return figures;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const limits: Limits = { deadlineMs: options.deadlineMs, settleMs: SETTLE_MS };
  const startedAt = performance.now();
  const loadAverageAtStart = loadavg();
  if (loadAverageAtStart[0] > cpus().length / 2) {
    progress(`load average ${loadAverageAtStart[0].toFixed(1)} on ${cpus().length} cores: latencies will include others' work`);
  }

  const storm = await stormAt(options, options.holders, limits);
  const sweep = options.sweep ? [...storm] : undefined;
  if (sweep) {
    for (const holders of SWEEP_HOLDERS.filter((n) => n !== options.holders)) {
      sweep.push(...(await stormAt(options, holders, limits)));
    }
    console.log('\n### Sweep\n');
    console.log(sweepTable(sweep));
  }

  const measureSidecar = options.capacity && options.servers.includes('sidecar');
  if (measureSidecar) progress('sidecar capacity ramp');
  const capacity = measureSidecar ? await measureCapacity(options.holders, options.pageBytes) : undefined;
  if (capacity) {
    console.log(`\n### Sidecar capacity, N=${capacity.holders} holders\n`);
    console.log(capacityTable(capacity));
    console.log(`\nSustained: ${capacity.sustainedPerSecond} visitor arrivals per s with p99 ≤ ${capacity.p99LimitMs} ms.`);
  }
  if (measureSidecar) progress(`sidecar idle memory, ${options.idleConnections} connections`);
  const idleMemory = measureSidecar ? await measureIdleMemory(options.idleConnections) : undefined;
  if (idleMemory) console.log(`\n${idleMemoryLine(idleMemory)}`);

  const misses = (sweep ?? storm).filter((f) => f.server !== 'baseline').flatMap(missedTargets);
  console.log(`\nSidecar targets: ${misses.length === 0 ? 'all met' : `missed ${misses.join('; ')}`}`);

  const seconds = (performance.now() - startedAt) / 1000;
  const results = {
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
    storm,
    sweep,
    capacity,
    idleMemory,
    missedTargets: misses,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (sweep) {
    writeFileSync(join(RESULTS, 'sweep.json'), `${JSON.stringify(results, null, 2)}\n`);
    const caption = `W=${options.visitors} visitors in bursts of ${options.burst} every ${options.gapMs} ms, ${options.pageBytes}-byte page; ${results.machine.cpus} cores, loopback`;
    writeFileSync(join(RESULTS, 'chart.svg'), renderChart(sweep, caption));
  }
  progress(`done in ${seconds.toFixed(0)} s; results in bench/results/`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
