import { forkChild } from './child';
import type { FromHolders, ToHolders } from './ipc';
import type { TallyCounts } from './tally';

/** The holders of a run, connected and announced from their own process. */
export interface HolderProcess {
  /** performance.now() (this process's clock) when a holder last received anything. */
  lastReceivedAt(): number;
  /** Forgets everything counted so far: setup is not the workload. */
  reset(): Promise<void>;
  snapshot(): Promise<TallyCounts>;
  stop(): Promise<void>;
}

const SETUP_TIMEOUT_MS = 120_000;

export async function spawnHolders(urls: readonly string[], count: number, pageBytes: number): Promise<HolderProcess> {
  const child = forkChild<ToHolders, FromHolders>('holder-host.ts', [urls.join(','), String(count), String(pageBytes)]);
  let lastAt = 0;
  child.on((message) => {
    if (message.type === 'activity') lastAt = Math.max(lastAt, message.at - performance.timeOrigin);
  });
  await child.next('ready', SETUP_TIMEOUT_MS);
  return {
    lastReceivedAt: () => lastAt,
    reset: async () => {
      await child.ask({ type: 'reset' }, 'reset');
    },
    snapshot: async () => (await child.ask({ type: 'snapshot' }, 'snapshot')).counts,
    stop: () => child.stop(),
  };
}
