import { stormFigures, type StormFigures, type StormSample, type Workload } from './figures';
import type { ServerKind } from './ipc';
import { closeStage, counted, lastReceivedAt, openStage, QUIET_MS, settle, startCounting } from './stage';
import { storm } from './storm';

/** Time limits that keep a run bounded whatever the server does. */
export interface Limits {
  /** From the first burst until the last visitor must be served. */
  deadlineMs: number;
  /** Longest wait for the traffic after setup to die down. */
  settleMs: number;
}

/**
 * Runs the storm `repetitions` times, each on a fresh server (so peak RSS is
 * this workload's and one run's leftovers never weigh on the next), and pools them.
 */
export async function runStormScenario(
  kind: ServerKind,
  workload: Workload,
  limits: Limits,
  repetitions: number,
): Promise<StormFigures> {
  const samples: StormSample[] = [];
  for (let i = 0; i < repetitions; i++) samples.push(await stormOnce(kind, workload, limits));
  return stormFigures(kind, workload, samples, limits.deadlineMs);
}

async function stormOnce(kind: ServerKind, workload: Workload, limits: Limits): Promise<StormSample> {
  const stage = await openStage(kind, workload.holders, workload.pageBytes, limits.settleMs);
  try {
    await startCounting(stage);
    const outcome = await storm(stage.visitors, stage.page, workload, limits.deadlineMs);
    // The window closes at the deadline even if the server is still sending.
    const closesAt = outcome.startedAt + limits.deadlineMs;
    await settle(stage, closesAt - performance.now());
    const cutOff = performance.now() - lastReceivedAt(stage) < QUIET_MS;
    const stats = await stage.server.stats();
    const counts = await counted(stage);
    const endAt = Math.max(lastReceivedAt(stage), outcome.startedAt);
    const windowSeconds = (endAt - outcome.startedAt) / 1000;
    return {
      counts,
      latencies: outcome.latencies,
      served: outcome.served,
      errors: outcome.errors,
      windowSeconds,
      clientSeconds: workload.holders * windowSeconds + outcome.visitorSeconds(endAt),
      cutOff,
      stats,
    };
  } finally {
    await closeStage(stage);
  }
}
