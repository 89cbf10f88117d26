import { Crowd } from './crowd';
import { stormFigures, type StormFigures, type StormSample, type Workload } from './figures';
import type { ServerKind } from './ipc';
import { makePage } from './page';
import { spawnServer, type ServerProcess } from './server-process';
import { storm } from './storm';
import { Tally } from './tally';
import { quiet } from './timing';

/** Time limits that keep a run bounded whatever the server does. */
export interface Limits {
  /** From the first burst until the last visitor must be served. */
  deadlineMs: number;
  /** Longest wait for the traffic after setup to die down. */
  settleMs: number;
}

/**
 * Long enough for a count throttled to one per second to send its trailing
 * update, so that it lands on the phase that caused it.
 */
const QUIET_MS = 1200;

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
  const page = await makePage(workload.pageBytes);
  const server = await spawnServer(kind);
  const tally = new Tally();
  const crowd = new Crowd([server.url], tally);
  try {
    await crowd.addHolders(workload.holders, page);
    await quiet(() => tally.lastReceivedAt, QUIET_MS, limits.settleMs);
    await server.mark();
    tally.reset();
    const outcome = await storm(crowd, page, workload, limits.deadlineMs);
    // The window closes at the deadline even if the server is still sending.
    const closesAt = outcome.startedAt + limits.deadlineMs;
    await quiet(() => tally.lastReceivedAt, QUIET_MS, closesAt - performance.now());
    const cutOff = performance.now() - tally.lastReceivedAt < QUIET_MS;
    const stats = await server.stats();
    const endAt = Math.max(tally.lastReceivedAt, outcome.startedAt);
    const windowSeconds = (endAt - outcome.startedAt) / 1000;
    return {
      counts: tally.snapshot(),
      latencies: outcome.latencies,
      served: outcome.served,
      windowSeconds,
      clientSeconds: workload.holders * windowSeconds + outcome.visitorSeconds(endAt),
      cutOff,
      stats,
    };
  } finally {
    await stopAll(server, crowd);
  }
}

/** Stops the server before the clients leave, so no one measures the goodbye broadcasts. */
export async function stopAll(server: ServerProcess, crowd: Crowd): Promise<void> {
  await server.stop();
  crowd.close();
}
