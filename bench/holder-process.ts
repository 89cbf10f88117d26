import { forkChild } from './child';
import type { FromClients, ToClients } from './ipc';
import { countedIn, type CountedClients } from './remote-tally';

/** The holders of a run, connected and announced from their own process. */
export interface HolderProcess extends CountedClients {
  stop(): Promise<void>;
}

/** The baseline sends every join to every holder: at N=2,000 its setup alone takes minutes on a busy machine. */
const SETUP_TIMEOUT_MS = 300_000;

export async function spawnHolders(urls: readonly string[], count: number, pageBytes: number): Promise<HolderProcess> {
  const child = forkChild<ToClients, FromClients>('holder-host.ts', [urls.join(','), String(count), String(pageBytes)]);
  const counted = countedIn(child);
  await child.next('ready', SETUP_TIMEOUT_MS);
  return { ...counted, stop: () => child.stop() };
}
