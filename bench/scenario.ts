import { Crowd } from './crowd';
import { stormFigures, type StormFigures, type Workload } from './figures';
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
 * Spawns a fresh server (so peak RSS is this workload's), connects the holders,
 * lets the storm loose and measures it.
 */
export async function runStormScenario(kind: ServerKind, workload: Workload, limits: Limits): Promise<StormFigures> {
  const page = await makePage(workload.pageBytes);
  const server = await spawnServer(kind);
  const crowd = new Crowd([server.url], new Tally());
  try {
    await crowd.addHolders(workload.holders, page);
    await quiet(() => crowd.tally.lastReceivedAt, QUIET_MS, limits.settleMs);
    await server.mark();
    crowd.tally.reset();
    const outcome = await storm(crowd, page, workload, limits.deadlineMs);
    // The window closes at the deadline even if the server is still sending.
    const closesAt = outcome.startedAt + limits.deadlineMs;
    await quiet(() => crowd.tally.lastReceivedAt, QUIET_MS, closesAt - performance.now());
    const cutOff = performance.now() - crowd.tally.lastReceivedAt < QUIET_MS;
    const stats = await server.stats();
    return stormFigures(kind, workload, crowd.tally, outcome, stats, { deadlineMs: limits.deadlineMs, cutOff });
  } finally {
    await stopAll(server, crowd);
  }
}

/** Stops the server before the clients leave, so no one measures the goodbye broadcasts. */
export async function stopAll(server: ServerProcess, crowd: Crowd): Promise<void> {
  await server.stop();
  crowd.close();
}
