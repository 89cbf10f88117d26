import type { ServerKind, ServerStats } from './ipc';
import { addBuckets, bucketPercentileMs, observations, type Buckets } from './server-histogram';
import type { Arrivals, GeneratorLoad } from './storm';
import { addCounts, type TallyCounts } from './tally';
import { p99, percentile } from './timing';

/** The storm workload: `holders` already hold the page, then the visitors arrive. */
export interface Workload extends Arrivals {
  holders: number;
  pageBytes: number;
  /**
   * The visitors connected before the storm, so only their wants arrive in
   * bursts: the server's relaying without the connection handshakes.
   */
  preconnected: boolean;
}

/** Everything docs/BENCHMARK.md reports about one server on one workload. */
export interface StormFigures {
  server: ServerKind;
  workload: Workload;
  /** Storms run, each on a fresh server; the figures pool them. */
  repetitions: number;
  /** Visitors over all repetitions. */
  visitors: number;
  served: number;
  /** Why visitors failed, by message, over all repetitions. */
  errors: Record<string, number>;
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
  /** WebSocket message payload bytes received by all clients during the storm, per visitor. */
  bytesToClientsPerVisitor: number;
  /** ms from page:want to verified content; null: some visitor was not served by the deadline. */
  timeToContentMs: { p50: number | null; p99: number | null; max: number | null };
  /** Each repetition's own p99, to show the spread between runs. */
  p99PerRepetitionMs: (number | null)[];
  /**
   * The same span timed by the server itself, want received to page:content
   * sent (its `ephemeral_want_to_content_seconds`), estimated from the
   * histogram's buckets; null where it observed nothing.
   */
  serverTimeToContentMs: { p50: number | null; p99: number | null; observed: number };
  serverP99PerRepetitionMs: (number | null)[];
  /** Seconds from the first burst to the last event received, per storm. */
  windowSeconds: number;
  /** Server CPU seconds per storm. */
  serverCpuSeconds: number;
  /** Highest peak RSS of the repetitions' servers. */
  serverPeakRssBytes: number;
  /** Each process the visitors were spread over (load generators), pooled over the storms. */
  generators: PooledGenerator[];
}

export interface PooledGenerator {
  /** The share of one core it used while its visitors arrived and were served. */
  coreShare: number;
  /** Its worst event-loop delay p99 over the storms, ms. */
  loopDelayP99Ms: number;
}

/** What one storm on one fresh server left behind. */
export interface StormSample {
  counts: TallyCounts;
  /** ms from page:want to verified content per visitor; Infinity: not served by the deadline. */
  latencies: number[];
  /** The server's want-to-content histogram over the storm. */
  serverBuckets: Buckets;
  served: number;
  errors: Record<string, number>;
  windowSeconds: number;
  /** Seconds each client was connected within the window, summed. */
  clientSeconds: number;
  cutOff: boolean;
  stats: ServerStats;
  /** One per generator process. */
  generators: GeneratorLoad[];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

const addUp = (records: readonly Record<string, number>[]) => new Map(Object.entries(addCounts(records)));

/** Each generator over the storms: its CPU seconds over its wall seconds, and its worst loop delay. */
function poolGenerators(samples: readonly StormSample[]): PooledGenerator[] {
  return samples[0].generators.map((_, g) => {
    const loads = samples.map((s) => s.generators[g]);
    return {
      coreShare: sum(loads.map((l) => l.cpuSeconds)) / Math.max(1e-9, sum(loads.map((l) => l.seconds))),
      loopDelayP99Ms: Math.max(...loads.map((l) => l.loopDelayP99Ms)),
    };
  });
}

const perVisitor = (counts: Map<string, number>, visitors: number) =>
  Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => [name, n / visitors]));

const finite = (ms: number) => (Number.isFinite(ms) ? ms : null);

/** Pools the repetitions of one workload on one server: counts per visitor, percentiles over every visitor. */
export function stormFigures(
  server: ServerKind,
  workload: Workload,
  samples: readonly StormSample[],
  deadlineMs: number,
): StormFigures {
  const visitors = workload.visitors * samples.length;
  const events = addUp(samples.map((s) => s.counts.events));
  const totalEvents = sum([...events.values()]);
  const holders = events.get('page:holders') ?? 0;
  const clientSeconds = sum(samples.map((s) => s.clientSeconds));
  const sorted = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const serverBuckets = samples.map((s) => s.serverBuckets).reduce(addBuckets);
  return {
    server,
    workload,
    repetitions: samples.length,
    visitors,
    served: sum(samples.map((s) => s.served)),
    errors: addCounts(samples.map((s) => s.errors)),
    deadlineMs,
    cutOff: samples.some((s) => s.cutOff),
    eventsPerVisitor: perVisitor(events, visitors),
    eventsPerVisitorTotal: totalEvents / visitors,
    relayEventsPerVisitor: (totalEvents - holders) / visitors,
    acksPerVisitor: perVisitor(addUp(samples.map((s) => s.counts.acks)), visitors),
    holderAnswersPerVisitor: sum(samples.map((s) => s.counts.answers)) / visitors,
    holdersPerClientPerSecond: clientSeconds > 0 ? holders / clientSeconds : 0,
    minHoldersGapMs: finite(Math.min(...samples.map((s) => s.counts.minHoldersGapMs))),
    bytesToClientsPerVisitor: sum(samples.map((s) => s.counts.bytesIn)) / visitors,
    timeToContentMs: {
      p50: finite(percentile(sorted, 50)),
      p99: finite(percentile(sorted, 99)),
      max: finite(percentile(sorted, 100)),
    },
    p99PerRepetitionMs: samples.map((s) => p99(s.latencies)),
    serverTimeToContentMs: {
      p50: bucketPercentileMs(serverBuckets, 50),
      p99: bucketPercentileMs(serverBuckets, 99),
      observed: observations(serverBuckets),
    },
    serverP99PerRepetitionMs: samples.map((s) => bucketPercentileMs(s.serverBuckets, 99)),
    windowSeconds: sum(samples.map((s) => s.windowSeconds)) / samples.length,
    serverCpuSeconds: sum(samples.map((s) => s.stats.cpuSeconds)) / samples.length,
    serverPeakRssBytes: Math.max(...samples.map((s) => s.stats.peakRssBytes)),
    generators: poolGenerators(samples),
  };
}
