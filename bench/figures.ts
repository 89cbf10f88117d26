import type { ServerKind, ServerStats } from './ipc';
import type { Arrivals, StormOutcome } from './storm';
import type { Tally } from './tally';
import { percentile } from './timing';

/** The storm workload: `holders` already hold the page, then the visitors arrive. */
export interface Workload extends Arrivals {
  holders: number;
  pageBytes: number;
}

/** Everything the README reports about one server on one workload. */
export interface StormFigures {
  server: ServerKind;
  workload: Workload;
  served: number;
  /** How long after the first burst the run waited for the last visitor. */
  deadlineMs: number;
  /** The server was still sending when the window closed: counts are lower bounds. */
  cutOff: boolean;
  /** Server-to-client events received by all clients per arriving visitor, by event. */
  eventsPerVisitor: Record<string, number>;
  /** Every server-to-client event per visitor, acks apart. */
  eventsPerVisitorTotal: number;
  /** Every server-to-client event but page:holders, per visitor: the relay's own cost. */
  relayEventsPerVisitor: number;
  /** Acks to page:have and page:want per visitor, counted apart from events. */
  acksPerVisitor: Record<string, number>;
  /** Answers holders sent to page:request per visitor (client to server). */
  holderAnswersPerVisitor: number;
  /**
   * page:holders received per connected client per second of the storm
   * window; a window of T seconds holds up to floor(T) + 1 throttled updates.
   */
  holdersPerClientPerSecond: number;
  /**
   * Least time between two page:holders at one client; null if none got two.
   * At most one per second per client means this is at least 1000 ms.
   */
  minHoldersGapMs: number | null;
  /** WebSocket message payload bytes received by all clients during the storm. */
  bytesToClients: number;
  /** ms from page:want to verified content; null: some visitor was not served by the deadline. */
  timeToContentMs: { p50: number | null; p99: number | null; max: number | null };
  windowSeconds: number;
  serverCpuSeconds: number;
  serverPeakRssBytes: number;
}

const perVisitor = (counts: Map<string, number>, visitors: number) =>
  Object.fromEntries([...counts].sort().map(([name, n]) => [name, n / visitors]));

const finite = (ms: number) => (Number.isFinite(ms) ? ms : null);

export function stormFigures(
  server: ServerKind,
  workload: Workload,
  tally: Tally,
  outcome: StormOutcome,
  stats: ServerStats,
  window: { deadlineMs: number; cutOff: boolean },
): StormFigures {
  const visitors = workload.visitors;
  const endAt = Math.max(tally.lastReceivedAt, outcome.startedAt);
  const windowSeconds = (endAt - outcome.startedAt) / 1000;
  const clientSeconds = workload.holders * windowSeconds + outcome.visitorSeconds(endAt);
  const sorted = [...outcome.latencies].sort((a, b) => a - b);
  return {
    server,
    workload,
    served: outcome.served,
    ...window,
    eventsPerVisitor: perVisitor(tally.events, visitors),
    eventsPerVisitorTotal: tally.totalEvents() / visitors,
    relayEventsPerVisitor: (tally.totalEvents() - tally.count('page:holders')) / visitors,
    acksPerVisitor: perVisitor(tally.acks, visitors),
    holderAnswersPerVisitor: tally.answers / visitors,
    holdersPerClientPerSecond: clientSeconds > 0 ? tally.count('page:holders') / clientSeconds : 0,
    minHoldersGapMs: finite(tally.minHoldersGapMs),
    bytesToClients: tally.bytesIn,
    timeToContentMs: {
      p50: finite(percentile(sorted, 50)),
      p99: finite(percentile(sorted, 99)),
      max: finite(percentile(sorted, 100)),
    },
    windowSeconds,
    serverCpuSeconds: stats.cpuSeconds,
    serverPeakRssBytes: stats.peakRssBytes,
  };
}
