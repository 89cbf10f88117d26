import type { CapacityFigures } from './capacity';
import type { ChurnFigures } from './churn';
import type { StormFigures, Workload } from './figures';
import type { IdleMemoryFigures } from './idle-memory';
import { kilobytes, markdownTable, megabytes, num } from './table';

export interface Targets {
  relayEventsPerVisitor: number;
  /** At most one page:holders per client per second: consecutive ones at least this far apart. */
  holdersGapMs: number;
  p99Ms: number;
  /** page:holders received by all clients per visitor, where the issue sets one. */
  holdersPerVisitor?: number;
}

const DEFAULT_TARGETS: Targets = { relayEventsPerVisitor: 1.5, holdersGapMs: 1000, p99Ms: 10 };

/** The issues' targets by N: p99 ≤ 5 ms at N=500 (pooled), the storm of 200 at N=2,000, and 10,000 holders. */
const TARGETS_BY_HOLDERS: Record<number, Partial<Targets>> = {
  500: { p99Ms: 5 },
  2000: { relayEventsPerVisitor: 1.2, holdersPerVisitor: 2, p99Ms: 10 },
  10_000: { p99Ms: 20 },
};

/** The targets the sidecar's figures are checked against at this many holders. */
export function targetsFor(holders: number): Targets {
  return { ...DEFAULT_TARGETS, ...TARGETS_BY_HOLDERS[holders] };
}

/**
 * Gaps are timed where a client receives them, and a busy client reads the
 * earlier one late. A count sent on every change arrives microseconds apart;
 * anything within this of the interval can only be the throttle.
 */
const DELIVERY_JITTER_MS = 50;

const RELAY_EVENTS = ['page:content', 'page:request', 'page:evicted'];

export function describeWorkload(w: Omit<Workload, 'preconnected'>): string {
  return `N=${w.holders} holders, W=${w.visitors} visitors in bursts of B=${w.burst} every ${w.gapMs} ms, ${w.pageBytes}-byte page`;
}

function ttc(f: StormFigures): string {
  const { p50, p99, max } = f.timeToContentMs;
  return [p50, p99, max].map((ms) => (ms === null ? 'unserved' : num(ms))).join(' / ');
}

/** The server's own figures, from its histogram's buckets. */
function serverTtc(f: StormFigures): string {
  const { p50, p99 } = f.serverTimeToContentMs;
  return `${num(p50)} / ${num(p99)}`;
}

/** The load generators beside every latency: when their delay nears it, the figure is theirs, not the server's. */
const worstLoopDelayMs = (f: StormFigures) => Math.max(...f.generators.map((g) => g.loopDelayP99Ms));

function generatorsAtWorst(f: StormFigures): string {
  return `${num(Math.max(...f.generators.map((g) => g.coreShare)))} / ${num(worstLoopDelayMs(f))}`;
}

/** Which server, and how its visitors came: arriving in their burst, or connected before the storm. */
export function variantName(f: StormFigures): string {
  return f.workload.preconnected ? `${f.server}, pre-connected` : f.server;
}

/** One workload, one column per server. */
export function stormTable(figures: readonly StormFigures[]): string {
  const targets = targetsFor(figures[0].workload.holders);
  const row = (label: string, target: string, cell: (f: StormFigures) => string) => [
    label,
    ...figures.map(cell),
    target,
  ];
  const events = (name: string) => (f: StormFigures) => num(f.eventsPerVisitor[name] ?? 0);
  return markdownTable(
    ['', ...figures.map(variantName), 'target'],
    [
      row('storms pooled (fresh server each)', '', (f) => String(f.repetitions)),
      row('visitors served', 'all', (f) => `${f.served} / ${f.visitors}`),
      row(
        'visitor errors',
        '',
        (f) =>
          Object.entries(f.errors)
            .map(([message, n]) => `${message} × ${n}`)
            .join('; ') || 'none',
      ),
      row('relay events per visitor (all but page:holders)', `≤ ${targets.relayEventsPerVisitor}`, (f) =>
        num(f.relayEventsPerVisitor),
      ),
      ...RELAY_EVENTS.map((name) => row(`  ${name} per visitor`, '', events(name))),
      row(
        'page:holders per visitor',
        targets.holdersPerVisitor ? `≤ ${targets.holdersPerVisitor}` : '',
        events('page:holders'),
      ),
      row('acks per visitor (page:want / page:have / page:watch)', '', (f) =>
        ['page:want', 'page:have', 'page:watch'].map((name) => num(f.acksPerVisitor[name] ?? 0)).join(' / '),
      ),
      row('holder answers per visitor (client to server)', '', (f) => num(f.holderAnswersPerVisitor)),
      row('page:holders per client per s, storm mean', '', (f) => num(f.holdersPerClientPerSecond)),
      row('page:holders, least gap at one client, ms', `≥ ${targets.holdersGapMs}`, (f) => num(f.minHoldersGapMs)),
      row('bytes to clients per visitor', '', (f) => kilobytes(f.bytesToClientsPerVisitor)),
      row("want to verified content, visitors' clocks, ms p50 / p99 / max", `p99 ≤ ${targets.p99Ms}`, ttc),
      row('  p99 of each storm, ms', '', (f) => f.p99PerRepetitionMs.map(num).join(', ')),
      row("want to content sent, server's histogram, ms p50 / p99", '', serverTtc),
      row('  p99 of each storm, ms', '', (f) => f.serverP99PerRepetitionMs.map(num).join(', ')),
      row('each load generator: share of a core / event-loop delay p99, ms', '', (f) =>
        f.generators.map((g) => `${num(g.coreShare)} / ${num(g.loopDelayP99Ms)}`).join('; '),
      ),
      row('measured window, s', '', (f) => `${num(f.windowSeconds)}${f.cutOff ? ' (cut off, still sending)' : ''}`),
      row('server CPU seconds per storm', '', (f) => num(f.serverCpuSeconds)),
      row('server peak RSS', '', (f) => megabytes(f.serverPeakRssBytes)),
    ],
  );
}

/** Every storm of a run, one row per server and N. */
export function summaryTable(figures: readonly StormFigures[]): string {
  const byN = [...figures].sort(
    (a, b) =>
      a.workload.holders - b.workload.holders ||
      Number(a.workload.preconnected) - Number(b.workload.preconnected) ||
      b.server.localeCompare(a.server),
  );
  return markdownTable(
    [
      'N',
      'W',
      'server',
      'served',
      'relay events / visitor',
      'page:holders / visitor',
      'bytes / visitor',
      "visitors' ms p50 / p99 / max",
      'server ms p50 / p99',
      'generators: top core share / worst loop p99 ms',
      'CPU s',
      'peak RSS',
    ],
    byN.map((f) => [
      String(f.workload.holders),
      String(f.workload.visitors),
      variantName(f) + (f.cutOff ? ' (cut off)' : ''),
      `${f.served} / ${f.visitors}`,
      num(f.relayEventsPerVisitor),
      num(f.eventsPerVisitor['page:holders'] ?? 0),
      kilobytes(f.bytesToClientsPerVisitor),
      ttc(f),
      serverTtc(f),
      generatorsAtWorst(f),
      num(f.serverCpuSeconds),
      megabytes(f.serverPeakRssBytes),
    ]),
  );
}

/** The steady churn, one column per server. */
export function churnTable(figures: readonly ChurnFigures[]): string {
  const row = (label: string, target: string, cell: (f: ChurnFigures) => string) => [
    label,
    ...figures.map(cell),
    target,
  ];
  return markdownTable(
    ['', ...figures.map((f) => f.server), 'target'],
    [
      row('joins / leaves', '', (f) => `${f.joins} / ${f.leaves}`),
      row('page:holders per watcher per s', '', (f) => num(f.holdersPerWatcherPerSecond)),
      row('page:holders, least gap at one watcher, ms', `≥ ${DEFAULT_TARGETS.holdersGapMs}`, (f) =>
        num(f.minWatcherGapMs),
      ),
      row(
        'watchers showing the right figure 1 s after the last change',
        'all',
        (f) => `${f.watchersRight} / ${f.plan.watchers}`,
      ),
      row('  last count after the last change, ms', '≤ 1000', (f) => num(f.lastCountAfterLastChangeMs)),
      row('page:holders per non-watching holder per s', '0', (f) => num(f.holdersPerQuietHolderPerSecond)),
      row('server CPU seconds', '', (f) => num(f.serverCpuSeconds)),
    ],
  );
}

export function describeChurn(f: ChurnFigures): string {
  const { holders, watchers, perSecond, seconds } = f.plan;
  return `${holders} holders of one page, ${watchers} of them watching; ${perSecond} joins and ${perSecond} leaves a second for ${seconds} s`;
}

/** Where the churn misses the targets, one sentence each. */
export function missedChurnTargets(f: ChurnFigures): string[] {
  const misses: string[] = [];
  const at = `${f.server} churn`;
  if (f.minWatcherGapMs !== null && f.minWatcherGapMs < DEFAULT_TARGETS.holdersGapMs - DELIVERY_JITTER_MS) {
    misses.push(`${at}: two page:holders ${num(f.minWatcherGapMs)} ms apart at one watcher`);
  }
  if (f.watchersRight < f.plan.watchers)
    misses.push(`${at}: ${f.plan.watchers - f.watchersRight} watchers wrong 1 s after the last change`);
  if (f.holdersPerQuietHolderPerSecond > 0)
    misses.push(`${at}: non-watching holders got ${num(f.holdersPerQuietHolderPerSecond)} counts per s`);
  return misses;
}

export function capacityTable(c: CapacityFigures): string {
  return markdownTable(
    ['arrivals per s', 'visitors', 'served', 'p99 ms'],
    c.steps.map((s) => [String(s.perSecond), String(s.visitors), String(s.served), num(s.p99Ms)]),
  );
}

export function idleMemoryLine(m: IdleMemoryFigures): string {
  return (
    `${m.connections.toLocaleString('en-US')} idle connections: sidecar RSS ${megabytes(m.rssBeforeBytes)} → ` +
    `${megabytes(m.rssAfterBytes)}, ${num(m.bytesPerConnection / 1024)} KiB per connection`
  );
}

/**
 * Where the sidecar misses a target, one sentence each. A missed latency is
 * put beside the bare Socket.IO relay's (`bare`) from the same run and the
 * same arrivals, by the visitors' clocks and by the servers' own histograms,
 * and beside the load generators' event-loop delay: a target below the
 * yardstick or the generators' delay is beyond the machine, not the server.
 */
export function missedTargets(f: StormFigures, bare?: StormFigures): string[] {
  const targets = targetsFor(f.workload.holders);
  const misses: string[] = [];
  const at = `${variantName(f)} at N=${f.workload.holders}`;
  if (f.served < f.visitors) misses.push(`${at}: ${f.visitors - f.served} of ${f.visitors} visitors not served`);
  if (f.relayEventsPerVisitor > targets.relayEventsPerVisitor) {
    // Three decimals: a miss by one request in hundreds must not print as the target itself.
    misses.push(`${at}: ${f.relayEventsPerVisitor.toFixed(3)} relay events per visitor`);
  }
  const holders = f.eventsPerVisitor['page:holders'] ?? 0;
  if (targets.holdersPerVisitor !== undefined && holders > targets.holdersPerVisitor) {
    misses.push(`${at}: ${num(holders)} page:holders per visitor`);
  }
  if (f.minHoldersGapMs !== null && f.minHoldersGapMs < targets.holdersGapMs - DELIVERY_JITTER_MS) {
    misses.push(`${at}: two page:holders ${num(f.minHoldersGapMs)} ms apart at one client`);
  }
  const p99 = f.timeToContentMs.p99;
  if (p99 === null || p99 > targets.p99Ms) {
    const figures = (g: StormFigures) =>
      `${num(g.timeToContentMs.p99)} ms by the visitors' clocks, ${num(g.serverTimeToContentMs.p99)} ms by the server's histogram`;
    const yardstick = bare ? `; bare Socket.IO relay, same run: ${figures(bare)}` : '';
    const generator = `; the load generators' event-loop delay p99 up to ${num(worstLoopDelayMs(f))} ms`;
    misses.push(`${at}: p99 time-to-content ${figures(f)}${yardstick}${generator}`);
  }
  return misses;
}
