import { closeStage, openStage } from './stage';
import { p99, sleep } from './timing';
import type { VisitorPool } from './visitor-pool';

/** One step of the ramp: visitors arriving at `perSecond` for a couple of seconds. */
export interface RampStep {
  perSecond: number;
  visitors: number;
  served: number;
  p99Ms: number | null;
}

export interface CapacityFigures {
  holders: number;
  /** Highest arrival rate whose p99 time-to-content stayed within the limit, every visitor served. */
  sustainedPerSecond: number;
  p99LimitMs: number;
  steps: RampStep[];
}

const RATES = [100, 200, 400, 800, 1200, 1600, 2400, 3200];
const STEP_MS = 2000;
const GAP_MS = 50;
const P99_LIMIT_MS = 50;
const STEP_DEADLINE_MS = 5000;
const SETTLE_MS = 15_000;

const sustained = (step: RampStep) =>
  step.served === step.visitors && step.p99Ms !== null && step.p99Ms <= P99_LIMIT_MS;

/**
 * Ramps visitor arrivals against the sidecar until p99 passes the limit. Each
 * step's visitors leave before the next, so every step starts from the same
 * holders.
 */
export async function measureCapacity(
  holders: number,
  pageBytes: number,
  visitors: VisitorPool,
): Promise<CapacityFigures> {
  const stage = await openStage('sidecar', holders, pageBytes, SETTLE_MS, [visitors]);
  const steps: RampStep[] = [];
  try {
    for (const perSecond of RATES) {
      const burst = (perSecond * GAP_MS) / 1000;
      const count = (perSecond * STEP_MS) / 1000;
      const outcome = await visitors.storm(stage.urls, { visitors: count, burst, gapMs: GAP_MS }, STEP_DEADLINE_MS);
      await visitors.leave();
      const p99Ms = p99(outcome.latencies);
      steps.push({ perSecond, visitors: count, served: outcome.served, p99Ms });
      if (!sustained(steps[steps.length - 1])) break;
      // Let the departures settle so they do not weigh on the next step.
      await sleep(500);
    }
  } finally {
    await closeStage(stage);
    await visitors.leave();
  }
  return {
    holders,
    sustainedPerSecond: Math.max(0, ...steps.filter(sustained).map((s) => s.perSecond)),
    p99LimitMs: P99_LIMIT_MS,
    steps,
  };
}
