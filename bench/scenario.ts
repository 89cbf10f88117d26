import { stormFigures, type StormFigures, type StormSample, type Workload } from './figures';
import type { ServerKind } from './ipc';
import { bucketsSince } from './server-histogram';
import { closeStage, counted, lastReceivedAt, openStage, QUIET_MS, settle, startCounting } from './stage';
import type { VisitorPool } from './visitor-pool';

/** Time limits that keep a run bounded whatever the server does. */
export interface Limits {
  /** From the first burst until the last visitor must be served. */
  deadlineMs: number;
  /** Longest wait for the traffic after setup to die down. */
  settleMs: number;
}

/** One server under one way of arriving: visitors connect in their burst, or all before the storm. */
export interface Variant {
  kind: ServerKind;
  preconnected: boolean;
}

/**
 * Runs the storm on each variant `repetitions(kind)` times, each on a fresh
 * server (so peak RSS is this workload's and one run's leftovers never weigh
 * on the next), and pools each variant's runs. Variants take turns, so that
 * others' work on the machine weighs on each of them alike.
 */
export async function runStorms(
  variants: readonly Variant[],
  workload: Omit<Workload, 'preconnected'>,
  limits: Limits,
  visitors: VisitorPool,
  repetitions: (kind: ServerKind) => number,
  onStart: (variant: Variant) => void,
): Promise<StormFigures[]> {
  const samples = variants.map((): StormSample[] => []);
  const rounds = Math.max(...variants.map((v) => repetitions(v.kind)));
  for (let round = 0; round < rounds; round++) {
    for (const i of turnOrder(round, variants.length)) {
      const variant = variants[i];
      if (round >= repetitions(variant.kind)) continue;
      onStart(variant);
      samples[i].push(
        await stormOnce(variant.kind, { ...workload, preconnected: variant.preconnected }, limits, visitors),
      );
    }
  }
  return variants.map((variant, i) =>
    stormFigures(variant.kind, { ...workload, preconnected: variant.preconnected }, samples[i], limits.deadlineMs),
  );
}

/**
 * The order of the variants' storms in round `round`: each round starts one
 * variant further on, so whatever weighs on a round's first storm (a machine
 * just woken) does not fall on the same variant every time.
 */
export function turnOrder(round: number, variants: number): number[] {
  return Array.from({ length: variants }, (_, k) => (round + k) % variants);
}

async function stormOnce(
  kind: ServerKind,
  workload: Workload,
  limits: Limits,
  visitors: VisitorPool,
): Promise<StormSample> {
  const stage = await openStage(kind, workload.holders, workload.pageBytes, limits.settleMs, [visitors]);
  try {
    if (workload.preconnected) {
      await visitors.connect(stage.urls, workload.visitors);
      await settle(stage, limits.settleMs);
    }
    await startCounting(stage);
    const served = await stage.server.wantToContent();
    const outcome = await visitors.storm(stage.urls, workload, limits.deadlineMs);
    // The window closes at the deadline even if the server is still sending.
    const closesAt = outcome.startedAt + limits.deadlineMs;
    await settle(stage, closesAt - performance.now());
    const cutOff = performance.now() - lastReceivedAt(stage) < QUIET_MS;
    const stats = await stage.server.stats();
    const serverBuckets = bucketsSince(await stage.server.wantToContent(), served);
    const counts = await counted(stage);
    const endAt = Math.max(lastReceivedAt(stage), outcome.startedAt);
    const windowSeconds = (endAt - outcome.startedAt) / 1000;
    return {
      counts,
      latencies: outcome.latencies,
      serverBuckets,
      served: outcome.served,
      errors: outcome.errors,
      windowSeconds,
      clientSeconds: workload.holders * windowSeconds + outcome.visitorSeconds(endAt),
      cutOff,
      stats,
      generators: outcome.generators,
    };
  } finally {
    await closeStage(stage);
    await visitors.leave();
  }
}
