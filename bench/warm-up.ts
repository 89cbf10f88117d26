import type { Limits } from './scenario';
import { closeStage, openStage, settle } from './stage';
import type { Arrivals } from './storm';
import type { VisitorPool } from './visitor-pool';

/** The warm-up's page and visitors: enough for the generators' code to be compiled and their heaps grown. */
const WARM_UP_HOLDERS = 100;
const WARM_UP_ARRIVALS: Arrivals = { visitors: 200, burst: 10, gapMs: 20 };
const WARM_UP_ROUNDS = 2;

/**
 * Plays unmeasured storms, arriving and pre-connected, on the bare relay
 * before the first measured one. The generators are spawned once for a run:
 * their first storm ran cold (code not yet optimised, heaps still growing),
 * with an event-loop delay p99 two to three times the later storms', and it
 * was always the first variant's (the sidecar's) measured storm.
 */
export async function warmUpGenerators(visitors: VisitorPool, pageBytes: number, limits: Limits): Promise<void> {
  const stage = await openStage('bare', WARM_UP_HOLDERS, pageBytes, limits.settleMs, [visitors]);
  try {
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      await visitors.storm(stage.urls, WARM_UP_ARRIVALS, limits.deadlineMs);
      await visitors.leave();
      await visitors.connect(stage.urls, WARM_UP_ARRIVALS.visitors);
      await visitors.storm(stage.urls, WARM_UP_ARRIVALS, limits.deadlineMs);
      await visitors.leave();
    }
    await settle(stage, limits.settleMs);
  } finally {
    await closeStage(stage);
    await visitors.leave();
  }
}
