import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FromServer, ServerKind, ServerStats, ToServer } from './ipc';

/** A server under test running in its own child process. */
export interface ServerProcess {
  kind: ServerKind;
  url: string;
  /** Starts the CPU count of the workload. */
  mark(): Promise<void>;
  stats(): Promise<ServerStats>;
  /** RSS after a full garbage collection. */
  settledRss(): Promise<number>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const REPLY_TIMEOUT_MS = 60_000;
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
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    // Fields after the parenthesised command name start at field 3 (state); utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    return {
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      peakRssBytes: kib('VmHWM'),
      rssBytes: kib('VmRSS'),
    };
  } catch {
    return undefined;
  }
}

function nextMessage<T extends FromServer['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`server did not answer "${type}" in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: FromServer) => {
      if (message.type === type) done(undefined, message as Extract<FromServer, { type: T }>);
    };
    const onExit = (code: number | null) => done(new Error(`server exited (${code}) before "${type}"`));
    function done(err?: Error, message?: Extract<FromServer, { type: T }>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(message!);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export async function spawnServer(kind: ServerKind): Promise<ServerProcess> {
  const child = fork(join(__dirname, 'serve.ts'), [kind], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T extends FromServer['type']>(message: ToServer, reply: T) => {
    const answer = nextMessage(child, reply, REPLY_TIMEOUT_MS);
    child.send(message);
    return answer;
  };
  const { port } = await nextMessage(child, 'ready', START_TIMEOUT_MS);
  let cpuMark: number | undefined;
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    mark: async () => {
      cpuMark = procStats(child.pid!)?.cpuSeconds;
      if (cpuMark === undefined) await ask({ type: 'mark' }, 'marked');
    },
    stats: async () => {
      const outside = procStats(child.pid!);
      if (outside && cpuMark !== undefined) return { ...outside, cpuSeconds: outside.cpuSeconds - cpuMark };
      const { type: _type, ...stats } = await ask({ type: 'stats' }, 'stats');
      return stats;
    },
    settledRss: async () => (await ask({ type: 'rss' }, 'rss')).rssBytes,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
