import { spawnHolders, type HolderProcess } from './holder-process';
import type { ServerKind } from './ipc';
import { makePage, type Page } from './page';
import { spawnServer, type ServerProcess } from './server-process';
import type { CountedClients } from './remote-tally';
import { spawnTwoNodes } from './two-node';
import { mergeCounts, type TallyCounts } from './tally';
import { quiet } from './timing';

/**
 * Long enough for a count throttled to one per second to send its trailing
 * update, so that it lands on the phase that caused it.
 */
export const QUIET_MS = 1200;

/**
 * One fresh server under test, the holders of the page in their own process,
 * and the other clients whose counts are the workload's (the visitors).
 */
export interface Stage {
  server: ServerProcess;
  /** Where clients connect, spread round-robin over the server's nodes. */
  urls: string[];
  holders: HolderProcess;
  visitors: CountedClients[];
  page: Page;
}

export async function openStage(
  kind: ServerKind,
  holders: number,
  pageBytes: number,
  settleMs: number,
  visitors: CountedClients[] = [],
): Promise<Stage> {
  const page = await makePage(pageBytes);
  const server = kind === 'two-node' ? await spawnTwoNodes() : await spawnServer(kind);
  let holderProcess: HolderProcess | undefined;
  try {
    const urls = server.urls;
    holderProcess = await spawnHolders(urls, holders, pageBytes);
    const stage = { server, urls, holders: holderProcess, visitors, page };
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
  return Math.max(stage.holders.lastReceivedAt(), ...stage.visitors.map((v) => v.lastReceivedAt()));
}

/** Starts counting from zero on every client and on the server's CPU. */
export async function startCounting(stage: Stage): Promise<void> {
  await Promise.all([stage.server.mark(), stage.holders.reset(), ...stage.visitors.map((v) => v.reset())]);
}

/** Everything every client counted since startCounting. */
export async function counted(stage: Stage): Promise<TallyCounts> {
  const counts = await Promise.all([stage.holders, ...stage.visitors].map((clients) => clients.snapshot()));
  return counts.reduce(mergeCounts);
}

/** Stops the server before the holders leave, so no one measures the goodbye broadcasts. */
export async function closeStage(stage: Stage): Promise<void> {
  await stage.server.stop();
  await stage.holders.stop();
}
