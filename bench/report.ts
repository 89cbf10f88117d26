import type { CapacityFigures } from './capacity';
import type { StormFigures, Workload } from './figures';
import type { IdleMemoryFigures } from './idle-memory';
import { kilobytes, markdownTable, megabytes, num } from './table';

/** The targets, checked against the sidecar's figures. */
export const TARGETS = {
  relayEventsPerVisitor: 1.5,
  /** At most one page:holders per client per second: consecutive ones at least this far apart. */
  holdersGapMs: 1000,
  p99Ms: 10,
};

/**
 * Gaps are timed where a client receives them, and a busy client reads the
 * earlier one late. A count sent on every change arrives microseconds apart;
 * anything within this of the interval can only be the throttle.
 */
const DELIVERY_JITTER_MS = 50;

const RELAY_EVENTS = ['page:content', 'page:request', 'page:evicted'];

export function describeWorkload(w: Workload): string {
  return `N=${w.holders} holders, W=${w.visitors} visitors in bursts of B=${w.burst} every ${w.gapMs} ms, ${w.pageBytes}-byte page`;
}

function ttc(f: StormFigures): string {
  const { p50, p99, max } = f.timeToContentMs;
  return [p50, p99, max].map((ms) => (ms === null ? 'unserved' : num(ms))).join(' / ');
}

/** One workload, one column per server. */
export function stormTable(figures: readonly StormFigures[]): string {
  const row = (label: string, target: string, cell: (f: StormFigures) => string) => [
    label,
    ...figures.map(cell),
    target,
  ];
  const events = (name: string) => (f: StormFigures) => num(f.eventsPerVisitor[name] ?? 0);
  return markdownTable(
    ['', ...figures.map((f) => f.server), 'target'],
    [
      row('storms pooled (fresh server each)', '', (f) => String(f.repetitions)),
      row('visitors served', 'all', (f) => `${f.served} / ${f.visitors}`),
      row('visitor errors', '', (f) =>
        Object.entries(f.errors)
          .map(([message, n]) => `${message} × ${n}`)
          .join('; ') || 'none',
      ),
      row('relay events per visitor (all but page:holders)', `≤ ${TARGETS.relayEventsPerVisitor}`, (f) =>
        num(f.relayEventsPerVisitor),
      ),
      ...RELAY_EVENTS.map((name) => row(`  ${name} per visitor`, '', events(name))),
      row('page:holders per visitor', '', events('page:holders')),
      row('acks per visitor (page:want / page:have)', '', (f) =>
        `${num(f.acksPerVisitor['page:want'] ?? 0)} / ${num(f.acksPerVisitor['page:have'] ?? 0)}`,
      ),
      row('holder answers per visitor (client to server)', '', (f) => num(f.holderAnswersPerVisitor)),
      row('page:holders per client per s, storm mean', '', (f) => num(f.holdersPerClientPerSecond)),
      row('page:holders, least gap at one client, ms', `≥ ${TARGETS.holdersGapMs}`, (f) => num(f.minHoldersGapMs)),
      row('bytes to clients per visitor', '', (f) => kilobytes(f.bytesToClientsPerVisitor)),
      row('want to verified content, ms p50 / p99 / max', `p99 ≤ ${TARGETS.p99Ms}`, ttc),
      row('  p99 of each storm, ms', '', (f) => f.p99PerRepetitionMs.map(num).join(', ')),
      row('measured window, s', '', (f) => `${num(f.windowSeconds)}${f.cutOff ? ' (cut off, still sending)' : ''}`),
      row('server CPU seconds per storm', '', (f) => num(f.serverCpuSeconds)),
      row('server peak RSS', '', (f) => megabytes(f.serverPeakRssBytes)),
    ],
  );
}

/** Every workload of a sweep, one row per server and N. */
export function sweepTable(figures: readonly StormFigures[]): string {
  const byN = [...figures].sort((a, b) => a.workload.holders - b.workload.holders || b.server.localeCompare(a.server));
  return markdownTable(
    ['N', 'server', 'served', 'relay events / visitor', 'page:holders / visitor', 'bytes / visitor', 'ms p50 / p99 / max', 'CPU s', 'peak RSS'],
    byN.map((f) => [
      String(f.workload.holders),
      f.server + (f.cutOff ? ' (cut off)' : ''),
      `${f.served} / ${f.visitors}`,
      num(f.relayEventsPerVisitor),
      num(f.eventsPerVisitor['page:holders'] ?? 0),
      kilobytes(f.bytesToClientsPerVisitor),
      ttc(f),
      num(f.serverCpuSeconds),
      megabytes(f.serverPeakRssBytes),
    ]),
  );
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

/** Where the sidecar misses a target, one sentence each. */
export function missedTargets(f: StormFigures): string[] {
  const misses: string[] = [];
  const at = `${f.server} at N=${f.workload.holders}`;
  if (f.served < f.visitors) misses.push(`${at}: ${f.visitors - f.served} of ${f.visitors} visitors not served`);
  if (f.relayEventsPerVisitor > TARGETS.relayEventsPerVisitor) {
    misses.push(`${at}: ${num(f.relayEventsPerVisitor)} relay events per visitor`);
  }
  if (f.minHoldersGapMs !== null && f.minHoldersGapMs < TARGETS.holdersGapMs - DELIVERY_JITTER_MS) {
    misses.push(`${at}: two page:holders ${num(f.minHoldersGapMs)} ms apart at one client`);
  }
  const p99 = f.timeToContentMs.p99;
  if (p99 === null || p99 > TARGETS.p99Ms) misses.push(`${at}: p99 time-to-content ${num(p99)} ms`);
  return misses;
}
