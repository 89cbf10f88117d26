import { visit } from './client';
import type { Crowd } from './crowd';
import type { Page } from './page';
import { sleep, within } from './timing';

/** Visitors arrive in bursts of `burst` every `gapMs`, `visitors` in all. */
export interface Arrivals {
  visitors: number;
  burst: number;
  gapMs: number;
}

export interface StormOutcome {
  /** ms from page:want to verified content per visitor; Infinity: not served by the deadline. */
  latencies: number[];
  served: number;
  /** Why visitors failed (a refused ack, a failed connection), by message. */
  errors: Record<string, number>;
  /** performance.now() when the first burst left. */
  startedAt: number;
  /** Seconds each visitor was connected, summed up to `endAt`. */
  visitorSeconds(endAt: number): number;
}

/**
 * Lets the visitors arrive on `crowd` and waits until every one is served and
 * has its page:have acknowledged, or `deadlineMs` after the first burst,
 * whichever is first.
 */
export async function storm(crowd: Crowd, page: Page, arrivals: Arrivals, deadlineMs: number): Promise<StormOutcome> {
  const latencies: number[] = new Array(arrivals.visitors).fill(Infinity);
  const connectedAt: number[] = [];
  let served = 0;
  const errors: Record<string, number> = {};
  const arrive = async (index: number) => {
    const client = await crowd.connect();
    connectedAt.push(performance.now());
    await visit(client, page, (ms) => {
      latencies[index] = ms;
      served++;
    });
  };

  const startedAt = performance.now();
  const pending: Promise<void>[] = [];
  for (let first = 0; first < arrivals.visitors; first += arrivals.burst) {
    // Bursts keep to the schedule even when the previous one is still waiting.
    await sleep(startedAt + (first / arrivals.burst) * arrivals.gapMs - performance.now());
    if (performance.now() - startedAt > deadlineMs) break;
    for (let i = first; i < Math.min(first + arrivals.burst, arrivals.visitors); i++) {
      pending.push(
        arrive(i).catch((err: Error) => {
          errors[err.message] = (errors[err.message] ?? 0) + 1;
        }),
      );
    }
  }
  await within(Promise.all(pending), startedAt + deadlineMs - performance.now(), undefined);

  return {
    latencies: [...latencies],
    served,
    errors: { ...errors },
    startedAt,
    visitorSeconds: (endAt) => connectedAt.reduce((sum, at) => sum + Math.max(0, endAt - at), 0) / 1000,
  };
}
