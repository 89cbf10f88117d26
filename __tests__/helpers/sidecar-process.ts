import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { procMemory } from '../../bench/proc-memory';
import { eventually, freePort, launch, stop } from './processes';

const GC_ON_SIGNAL = './__tests__/helpers/gc-on-signal.ts';
const COLLECTED = 'gc-on-signal: collected';

/**
 * The sidecar as its own process (`realtime/main.ts`), as operators run it:
 * killable with real signals, restartable on the same port, its log captured.
 */
export async function sidecarProcess(env: Record<string, string> = {}) {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';

  async function start() {
    child = launch(process.execPath, ['--import', 'tsx', '--import', GC_ON_SIGNAL, 'realtime/main.ts'], {
      LOG_LEVEL: 'debug',
      ...env,
      REALTIME_PORT: String(port),
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    await eventually(
      async () => {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status !== 200) throw new Error('not serving');
      },
      20_000,
      `sidecar on ${port}`,
    );
  }

  await start();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    /** Everything the process wrote to stdout and stderr so far. */
    log: () => log,
    /** Sends `signal` and waits for the exit; resolves with the exit code (null when killed). */
    async signal(signal: NodeJS.Signals): Promise<number | null> {
      const current = child!;
      const exited = new Promise<number | null>((r) => current.once('exit', (code) => r(code)));
      await stop(current, signal);
      return exited;
    },
    /** Freezes it (SIGSTOP) or thaws it (SIGCONT) at once: a frozen process neither exits nor answers. */
    freeze: () => process.kill(-child!.pid!, 'SIGSTOP'),
    thaw: () => process.kill(-child!.pid!, 'SIGCONT'),
    /** Its resident memory now (VmRSS) and at its peak (VmHWM), in bytes, from /proc (Linux). */
    memory: () => procMemory(child!.pid!),
    /** Runs a full garbage collection in it (see gc-on-signal.ts); resolves once done. */
    async collectGarbage() {
      const runs = log.split(COLLECTED).length;
      child!.kill('SIGUSR2');
      await eventually(() => expect(log.split(COLLECTED).length).toBeGreaterThan(runs), 5000, 'garbage collected');
    },
    /** Starts its peak over from its resident memory now (`clear_refs` 5 resets VmHWM). */
    resetPeak: () => writeFileSync(`/proc/${child!.pid}/clear_refs`, '5'),
    start,
    stop: () => (child ? stop(child, 'SIGKILL') : Promise.resolve()),
  };
}
