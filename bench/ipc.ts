import type { Arrivals, ShareOutcome } from './storm';
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

/** What the runner asks of every process that plays clients, and what it hears back. */
export type ToClients = { type: 'reset' } | { type: 'snapshot' };

export type FromClients =
  | { type: 'ready' }
  | { type: 'reset' }
  | { type: 'snapshot'; counts: TallyCounts }
  /** Something arrived at `at` (ms since the epoch, performance.timeOrigin based). */
  | { type: 'activity'; at: number };

/** Messages between the bench runner and a process that plays visitors. */
export type ToVisitors =
  | ToClients
  /** Connect `count` visitors now, for the next storm to use instead of arriving ones. */
  | { type: 'connect'; urls: string[]; count: number }
  /** This process's share of the storm's visitors. */
  | { type: 'storm'; urls: string[]; arrivals: Arrivals; deadlineMs: number }
  /** Close every visitor. */
  | { type: 'leave' };

export type FromVisitors =
  FromClients | { type: 'connected' } | { type: 'stormed'; outcome: ShareOutcome } | { type: 'left' };
