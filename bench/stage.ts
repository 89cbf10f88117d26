import { Crowd } from './crowd';
import { spawnHolders, type HolderProcess } from './holder-process';
import type { ServerKind } from './ipc';
import { makePage, type Page } from './page';
import { spawnServer, type ServerProcess } from './server-process';
import { spawnTwoNodes } from './two-node';
import { mergeCounts, Tally, type TallyCounts } from './tally';
import { quiet } from './timing';

/**
 * Long enough for a count throttled to one per second to send its trailing
 * update, so that it lands on the phase that caused it.
 */
export const QUIET_MS = 1200;

/**
 * One fresh server under test, the holders of the page in their own process,
 * and an empty crowd in this process for the visitors whose latency is measured.
 */
export interface Stage {
  server: ServerProcess;
  /** Where clients connect, spread round-robin over the server's nodes. */
  urls: string[];
  holders: HolderProcess;
  visitors: Crowd;
  page: Page;
}

export async function openStage(
  kind: ServerKind,
  holders: number,
  pageBytes: number,
  settleMs: number,
): Promise<Stage> {
  const page = await makePage(pageBytes);
  const server = kind === 'two-node' ? await spawnTwoNodes() : await spawnServer(kind);
  let holderProcess: HolderProcess | undefined;
  try {
    const urls = server.urls;
    holderProcess = await spawnHolders(urls, holders, pageBytes);
    const stage = { server, urls, holders: holderProcess, visitors: new Crowd(urls, new Tally()), page };
    await settle(stage, settleMs);
    return stage;
  } catch (err) {
    await server.stop();
    await holderProcess?.stop();
    throw err;
  }
}

/** Waits until no client has received anything for QUIET_MS, or `maxMs`. */
export function settle(stage: Stage, maxMs: number): Promise<void> {
  return quiet(() => lastReceivedAt(stage), QUIET_MS, maxMs);
}

export function lastReceivedAt(stage: Stage): number {
  return Math.max(stage.visitors.tally.lastReceivedAt, stage.holders.lastReceivedAt());
}

/** Starts counting from zero on every client and on the server's CPU. */
export async function startCounting(stage: Stage): Promise<void> {
  await Promise.all([stage.server.mark(), stage.holders.reset()]);
  stage.visitors.tally.reset();
}

/** Everything every client counted since startCounting. */
export async function counted(stage: Stage): Promise<TallyCounts> {
  return mergeCounts(stage.visitors.tally.snapshot(), await stage.holders.snapshot());
}

/** Stops the server before the clients leave, so no one measures the goodbye broadcasts. */
export async function closeStage(stage: Stage): Promise<void> {
  await stage.server.stop();
  await stage.holders.stop();
  stage.visitors.close();
}
