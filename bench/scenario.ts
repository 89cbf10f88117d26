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
 * Runs the storm on each server `repetitions(kind)` times, each on a fresh
 * server (so peak RSS is this workload's and one run's leftovers never weigh
 * on the next), and pools each server's runs. Servers take turns, so that
 * others' work on the machine weighs on each of them alike.
 */
export async function runStorms(
  kinds: readonly ServerKind[],
  workload: Workload,
  limits: Limits,
  repetitions: (kind: ServerKind) => number,
  onStart: (kind: ServerKind) => void,
): Promise<StormFigures[]> {
  const samples = new Map<ServerKind, StormSample[]>(kinds.map((kind) => [kind, []]));
  const rounds = Math.max(...kinds.map(repetitions));
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      if (round >= repetitions(kind)) continue;
      onStart(kind);
      samples.get(kind)!.push(await stormOnce(kind, workload, limits));
    }
  }
  return kinds.map((kind) => stormFigures(kind, workload, samples.get(kind)!, limits.deadlineMs));
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
      generator: outcome.generator,
    };
  } finally {
    await closeStage(stage);
  }
}
