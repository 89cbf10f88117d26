import { monitorEventLoopDelay } from 'node:perf_hooks';
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
  /** How busy this process, where the visitors live, was while they arrived and were served. */
  generator: GeneratorLoad;
}

/**
 * The load generator's own load: past most of a core, a visitor's latency
 * is mostly its wait for this process, not for the server.
 */
export interface GeneratorLoad {
  /** CPU seconds this process spent from the first burst until the last visitor was done. */
  cpuSeconds: number;
  /** Wall seconds of the same span. */
  seconds: number;
  /** p99 of this process's event-loop delay over the same span, ms. */
  loopDelayP99Ms: number;
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

  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuAtStart = process.cpuUsage();
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
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuAtStart);
  const generator = {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    seconds: (performance.now() - startedAt) / 1000,
    // The histogram records nanoseconds.
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };

  return {
    latencies: [...latencies],
    served,
    errors: { ...errors },
    startedAt,
    visitorSeconds: (endAt) => connectedAt.reduce((sum, at) => sum + Math.max(0, endAt - at), 0) / 1000,
    generator,
  };
}
