import type { ChildProcess } from 'node:child_process';
import { eventually, freePort, launch, stop } from './processes';

/**
 * The sidecar as its own process (`realtime/main.ts`), as operators run it:
 * killable with real signals, restartable on the same port, its log captured.
 */
export async function sidecarProcess(env: Record<string, string> = {}) {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';

  async function start() {
    child = launch(process.execPath, ['--import', 'tsx', 'realtime/main.ts'], {
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
    start,
    stop: () => (child ? stop(child, 'SIGKILL') : Promise.resolve()),
  };
}
