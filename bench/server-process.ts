import { readFileSync } from 'node:fs';
import { forkChild } from './child';
import { procMemory } from './proc-memory';
import type { FromServer, ProcessKind, ServerKind, ServerStats, ToServer } from './ipc';
import { scrapeBuckets, type Buckets } from './server-histogram';

/** A server under test running in its own child process. */
export interface ServerProcess {
  kind: ServerKind;
  /** Where clients connect, spread round-robin: one URL, or one per node. */
  urls: string[];
  /** Starts the CPU count of the workload. */
  mark(): Promise<void>;
  stats(): Promise<ServerStats>;
  /** Its want-to-content histogram so far, from `/metrics` (summed over nodes). */
  wantToContent(): Promise<Buckets>;
  /** RSS after a full garbage collection. */
  settledRss(): Promise<number>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
/** Linux's USER_HZ, the unit of /proc/<pid>/stat CPU times, is 100 on every architecture. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds and memory read from outside the process, so a server drowning
 * in its own backlog is measured when asked, not when it gets round to
 * answering. Undefined where there is no /proc (the IPC answer is used there).
 */
function procStats(pid: number): ServerStats | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const memory = procMemory(pid);
    // Fields after the parenthesised command name start at field 3 (state); utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      peakRssBytes: memory.peak,
      rssBytes: memory.rss,
    };
  } catch {
    return undefined;
  }
}

export async function spawnServer(kind: ProcessKind, env: Record<string, string> = {}): Promise<ServerProcess> {
  // BENCH_SERVER_FLAGS: more node flags for the server alone, such as --perf-basic-prof (docs/BENCHMARK.md).
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const child = forkChild<ToServer, FromServer>('serve.ts', [kind], ['--expose-gc', ...flags], env);
  const { port } = await child.next('ready', START_TIMEOUT_MS);
  let cpuMark: number | undefined;
  /** The child profiles each measured window (serve.ts): it is told when the window opens and closes. */
  const profiling = process.env.BENCH_PROFILE_DIR !== undefined;
  return {
    kind,
    urls: [`http://127.0.0.1:${port}`],
    mark: async () => {
      cpuMark = procStats(child.pid)?.cpuSeconds;
      if (cpuMark === undefined || profiling) await child.ask({ type: 'mark' }, 'marked');
    },
    stats: async () => {
      // Its answer also closes a profiled window.
      const inside = cpuMark === undefined || profiling ? await child.ask({ type: 'stats' }, 'stats') : undefined;
      const outside = procStats(child.pid);
      if (outside && cpuMark !== undefined) return { ...outside, cpuSeconds: outside.cpuSeconds - cpuMark };
      const { type: _type, ...stats } = inside!;
      return stats;
    },
    wantToContent: () => scrapeBuckets(`http://127.0.0.1:${port}`),
    settledRss: async () => (await child.ask({ type: 'rss' }, 'rss')).rssBytes,
    stop: () => child.stop(),
  };
}
