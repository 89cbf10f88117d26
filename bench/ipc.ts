import type { TallyCounts } from './tally';

/** Messages between the bench runner and a server under test in its child process. */

/** What one server child process runs. */
export type ProcessKind = 'sidecar' | 'baseline' | 'bare';

/** A server under test: one process, or two sidecar nodes sharing a Redis. */
export type ServerKind = ProcessKind | 'two-node';

export const SERVER_KINDS: readonly ServerKind[] = ['sidecar', 'bare', 'baseline', 'two-node'];

/** The servers whose figures are the product's, checked against the issues' targets. */
export const isProduct = (kind: ServerKind) => kind === 'sidecar' || kind === 'two-node';

export type ToServer =
  /** Start counting CPU from now: setup is not the workload. */
  | { type: 'mark' }
  | { type: 'stats' }
  /** Collect garbage (the child runs with --expose-gc), then report RSS. */
  | { type: 'rss' };

export interface ServerStats {
  /** User + system CPU seconds since the last mark. */
  cpuSeconds: number;
  /** Peak resident set size over the process's whole life. */
  peakRssBytes: number;
  rssBytes: number;
}

export type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'marked' }
  | ({ type: 'stats' } & ServerStats)
  | { type: 'rss'; rssBytes: number };

/** Messages between the bench runner and the process that plays the holders. */
export type ToHolders = { type: 'reset' } | { type: 'snapshot' };

export type FromHolders =
  | { type: 'ready' }
  | { type: 'reset' }
  | { type: 'snapshot'; counts: TallyCounts }
  /** Something arrived at `at` (ms since the epoch, performance.timeOrigin based). */
  | { type: 'activity'; at: number };
