import { shownHolders } from '../lib/holder-count';
import type { RelayClient } from '../lib/relay-client';
import { hold } from './client';
import { Crowd } from './crowd';
import type { ServerKind } from './ipc';
import { closeStage, counted, openStage, settle, startCounting } from './stage';
import { Tally } from './tally';
import { sleep } from './timing';

/** Steady churn: holders come and go at a constant rate on a page that keeps its size. */
export interface ChurnPlan {
  /** Holders of the page at any moment, watchers and churners included. */
  holders: number;
  /** Holders that watch the count, as visible tabs do. */
  watchers: number;
  /** Joins per second, and as many leaves. */
  perSecond: number;
  seconds: number;
}

export const STANDARD_CHURN: ChurnPlan = { holders: 2000, watchers: 20, perSecond: 50, seconds: 30 };

export interface ChurnFigures {
  server: ServerKind;
  plan: ChurnPlan;
  joins: number;
  leaves: number;
  /** page:holders received per watcher per second of churn. */
  holdersPerWatcherPerSecond: number;
  /** page:holders received per holder that does not watch, per second of churn. */
  holdersPerQuietHolderPerSecond: number;
  /** Least time between two page:holders at one watcher; null if none got two. */
  minWatcherGapMs: number | null;
  /** Watchers showing the right figure 1 s after the last change. */
  watchersRight: number;
  /** When the last watcher got its last count, after the last change; 0 if none was needed. */
  lastCountAfterLastChangeMs: number;
  /** Server CPU seconds over the churn. */
  serverCpuSeconds: number;
}

/** Time allowed for the last change to reach a watcher, plus delivery jitter on a busy machine. */
const RIGHT_WITHIN_MS = 1000;
const JITTER_MS = 50;
const SETTLE_MS = 15_000;

interface Seen {
  holders: number;
  at: number;
}

/** The page's holder count now, from a fresh visitor's page:want ack; it only fetches, so it changes nothing. */
async function probeCount(crowd: Crowd, hash: string): Promise<number> {
  const probe = await crowd.connect();
  const count = new Promise<number>((resolve) => probe.on('holders', ({ holders }) => resolve(holders)));
  void probe.want(hash, { hold: false }).catch(() => {});
  return count;
}

/** Runs the churn on a fresh server and reports what watchers and the other holders received. */
export async function runChurn(kind: ServerKind, plan: ChurnPlan, pageBytes: number): Promise<ChurnFigures> {
  const inFlight = plan.perSecond;
  const quiet = plan.holders - plan.watchers - inFlight;
  const stage = await openStage(kind, quiet, pageBytes, SETTLE_MS);
  const { page } = stage;
  const watchers = new Crowd(stage.urls, new Tally());
  const churners = new Crowd(stage.urls, new Tally());
  const probes = new Crowd(stage.urls, new Tally());
  try {
    const seen: Seen[] = [];
    for (let i = 0; i < plan.watchers; i++) {
      const client = await watchers.connect();
      client.on('holders', ({ holders }) => (seen[i] = { holders, at: performance.now() }));
      client.watch(page.hash, true);
      await hold(client, page);
    }
    // Twice the churners in flight: half hold the page at any moment, half wait to join.
    const pool: RelayClient[] = [];
    for (let i = 0; i < 2 * inFlight; i++) pool.push(await churners.connect());
    const joined = pool.slice(0, inFlight);
    const idle = pool.slice(inFlight);
    await Promise.all(joined.map((client) => hold(client, page)));
    await settle(stage, SETTLE_MS);

    await startCounting(stage);
    watchers.tally.reset();
    churners.tally.reset();
    const startedAt = performance.now();
    const ticks = plan.perSecond * plan.seconds;
    let joins: Promise<void>[] = [];
    for (let tick = 0; tick < ticks; tick++) {
      await sleep(startedAt + (tick * 1000) / plan.perSecond - performance.now());
      const leaving = joined.shift()!;
      const joining = idle.shift()!;
      leaving.stop(page.hash);
      joins.push(hold(joining, page));
      joined.push(joining);
      idle.push(leaving);
      if (joins.length > 1000) joins = [Promise.all(joins).then(() => {})];
    }
    await Promise.all(joins);
    const lastChangeAt = performance.now();
    const seconds = (lastChangeAt - startedAt) / 1000;
    await sleep(RIGHT_WITHIN_MS + JITTER_MS - (performance.now() - lastChangeAt));
    const shown = seen.map((s) => ({ ...s }));
    const truth = await probeCount(probes, page.hash);

    const stats = await stage.server.stats();
    const quietCounts = await counted(stage);
    const watcherCounts = watchers.tally.snapshot();
    const churnerCounts = churners.tally.snapshot();
    const right = shown.filter((s) => shownHolders(s.holders) === shownHolders(truth)).length;
    const lastAt = Math.max(...shown.map((s) => s.at));
    const quietHolderCounts = (quietCounts.events['page:holders'] ?? 0) + (churnerCounts.events['page:holders'] ?? 0);
    return {
      server: kind,
      plan,
      joins: ticks,
      leaves: ticks,
      holdersPerWatcherPerSecond: (watcherCounts.events['page:holders'] ?? 0) / (plan.watchers * seconds),
      holdersPerQuietHolderPerSecond: quietHolderCounts / ((quiet + inFlight) * seconds),
      minWatcherGapMs: Number.isFinite(watcherCounts.minHoldersGapMs) ? watcherCounts.minHoldersGapMs : null,
      watchersRight: right,
      lastCountAfterLastChangeMs: Math.max(0, lastAt - lastChangeAt),
      serverCpuSeconds: stats.cpuSeconds,
    };
  } finally {
    await closeStage(stage);
    for (const crowd of [watchers, churners, probes]) crowd.close();
  }
}
