import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RelayClient } from '../lib/relay-client';
import { visit } from './client';
import type { Page } from './page';
import { sleep, within } from './timing';

/** Visitors arrive in bursts of `burst` every `gapMs`, `visitors` in all. */
export interface Arrivals {
  visitors: number;
  burst: number;
  gapMs: number;
}

/** Visitor i of a storm is played by generator process `i % of`: this is generator `index`. */
export interface Share {
  index: number;
  of: number;
}

/** What one generator process's share of a storm left behind, as plain data for IPC. */
export interface ShareOutcome {
  /** ms from page:want to verified content per visitor, timed in the generator; Infinity: not served by the deadline. */
  latencies: number[];
  served: number;
  /** Why visitors failed (a refused ack, a failed connection), by message. */
  errors: Record<string, number>;
  /** When each of its visitors connected, ms since the epoch (performance.timeOrigin based). */
  connectedAt: number[];
  generator: GeneratorLoad;
}

/**
 * A load generator's own load: past most of a core, a visitor's latency
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

/** The burst each of this share's visitors arrives in, in order. */
export function burstsOf(arrivals: Arrivals, share: Share): number[] {
  const bursts: number[] = [];
  for (let i = share.index; i < arrivals.visitors; i += share.of) bursts.push(Math.floor(i / arrivals.burst));
  return bursts;
}

/**
 * Lets this share's visitors arrive, each on the client `connect` gives it
 * (a new connection, or one made before the storm), and waits until every one
 * is served and has its page:have acknowledged, or `deadlineMs` after the
 * first burst, whichever is first.
 */
export async function stormShare(
  connect: () => Promise<RelayClient>,
  page: Page,
  arrivals: Arrivals,
  share: Share,
  deadlineMs: number,
): Promise<Omit<ShareOutcome, 'connectedAt'>> {
  const bursts = burstsOf(arrivals, share);
  const latencies: number[] = new Array(bursts.length).fill(Infinity);
  let served = 0;
  const errors: Record<string, number> = {};
  const arrive = async (index: number) => {
    await visit(await connect(), page, (ms) => {
      latencies[index] = ms;
      served++;
    });
  };

  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuAtStart = process.cpuUsage();
  const startedAt = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < bursts.length; i++) {
    if (i === 0 || bursts[i] !== bursts[i - 1]) {
      // Bursts keep to the schedule even when the previous one is still waiting.
      await sleep(startedAt + bursts[i] * arrivals.gapMs - performance.now());
      if (performance.now() - startedAt > deadlineMs) break;
    }
    pending.push(
      arrive(i).catch((err: Error) => {
        errors[err.message] = (errors[err.message] ?? 0) + 1;
      }),
    );
  }
  await within(Promise.all(pending), startedAt + deadlineMs - performance.now(), undefined);
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    latencies: [...latencies],
    served,
    errors: { ...errors },
    generator: {
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      seconds: (performance.now() - startedAt) / 1000,
      // The histogram records nanoseconds.
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    },
  };
}
