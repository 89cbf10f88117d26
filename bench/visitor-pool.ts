import { forkChild } from './child';
import type { FromVisitors, ToVisitors } from './ipc';
import { countedIn, type CountedClients } from './remote-tally';
import type { Arrivals, GeneratorLoad } from './storm';
import { addCounts, mergeCounts } from './tally';

/** A storm as the runner sees it: every generator's visitors pooled. */
export interface StormOutcome {
  /** ms from page:want to verified content per visitor; Infinity: not served by the deadline. */
  latencies: number[];
  served: number;
  errors: Record<string, number>;
  /** performance.now() when the runner started the storm. */
  startedAt: number;
  /** Seconds each visitor was connected from `startedAt` up to `endAt`, summed. */
  visitorSeconds(endAt: number): number;
  /** Each generator process's own load while its visitors arrived and were served. */
  generators: GeneratorLoad[];
}

/** The processes that play the visitors, spawned once for a run and reused by every storm. */
export interface VisitorPool extends CountedClients {
  /** Connects `count` visitors to `urls` now; the next storm's visitors use them instead of arriving. */
  connect(urls: readonly string[], count: number): Promise<void>;
  storm(urls: readonly string[], arrivals: Arrivals, deadlineMs: number): Promise<StormOutcome>;
  /** Closes every visitor. */
  leave(): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

export async function spawnVisitors(generators: number, pageBytes: number): Promise<VisitorPool> {
  const children = Array.from({ length: generators }, (_, index) =>
    forkChild<ToVisitors, FromVisitors>('visitor-host.ts', [String(pageBytes), String(index), String(generators)]),
  );
  try {
    await Promise.all(children.map((child) => child.next('ready', READY_TIMEOUT_MS)));
  } catch (err) {
    await Promise.all(children.map((child) => child.stop()));
    throw err;
  }
  const counted = children.map(countedIn);
  const all = <T>(each: (child: (typeof children)[number]) => Promise<T>) => Promise.all(children.map(each));

  return {
    lastReceivedAt: () => Math.max(...counted.map((c) => c.lastReceivedAt())),
    reset: async () => void (await Promise.all(counted.map((c) => c.reset()))),
    snapshot: async () => (await Promise.all(counted.map((c) => c.snapshot()))).reduce(mergeCounts),
    connect: async (urls, count) =>
      void (await all((child) => child.ask({ type: 'connect', urls: [...urls], count }, 'connected'))),
    async storm(urls, arrivals, deadlineMs) {
      const startedAt = performance.now();
      const outcomes = (
        await all((child) => child.ask({ type: 'storm', urls: [...urls], arrivals, deadlineMs }, 'stormed'))
      ).map((reply) => reply.outcome);
      // Epoch-based: only the connection times cross processes, never a latency.
      const connectedAt = outcomes.flatMap((o) => o.connectedAt.map((at) => at - performance.timeOrigin));
      return {
        latencies: outcomes.flatMap((o) => o.latencies),
        served: outcomes.reduce((sum, o) => sum + o.served, 0),
        errors: addCounts(outcomes.map((o) => o.errors)),
        startedAt,
        visitorSeconds: (endAt) =>
          connectedAt.reduce((sum, at) => sum + Math.max(0, endAt - Math.max(at, startedAt)), 0) / 1000,
        generators: outcomes.map((o) => o.generator),
      };
    },
    leave: async () => void (await all((child) => child.ask({ type: 'leave' }, 'left'))),
    stop: async () => void (await all((child) => child.stop())),
  };
}
