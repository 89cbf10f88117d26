import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { startBaselineServer } from './baseline-server';
import { startBareRelayServer } from './bare-relay-server';
import type { FromServer, ProcessKind, ToServer } from './ipc';
import { startSidecar } from './sidecar-server';

/**
 * Child-process entry: runs one server under test so that its CPU time and
 * peak RSS are its own, not the load generator's. Talks to the runner over IPC.
 */

const starters: Record<ProcessKind, () => Promise<{ port: number }>> = {
  baseline: () => startBaselineServer(0),
  bare: () => startBareRelayServer(0),
  sidecar: startSidecar,
};

function send(message: FromServer): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ProcessKind;
  const start = starters[kind];
  if (!start) throw new Error(`unknown server kind "${kind}"`);
  const { port } = await start();
  let cpuMark = process.cpuUsage();
  const profiler = await startProfiler(kind);

  process.on('message', (message: ToServer) => {
    switch (message.type) {
      case 'mark':
        cpuMark = process.cpuUsage();
        return void profiler.start().then(() => send({ type: 'marked' }));
      case 'stats': {
        void profiler.stop();
        const cpu = process.cpuUsage(cpuMark);
        return send({
          type: 'stats',
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
          peakRssBytes: process.resourceUsage().maxRSS * 1024,
          rssBytes: process.memoryUsage.rss(),
        });
      }
      case 'rss':
        globalThis.gc?.();
        return send({ type: 'rss', rssBytes: process.memoryUsage.rss() });
    }
  });
  // The runner going away must never leave a server behind.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port });
}

/**
 * With BENCH_PROFILE_DIR set, a CPU profile of each measured window (from
 * the runner's mark to its stats) is written there as
 * `<kind>-<pid>-<n>.cpuprofile`, for Chrome DevTools or speedscope.
 */
async function startProfiler(kind: string): Promise<{ start(): Promise<void>; stop(): Promise<void> }> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return { start: async () => {}, stop: async () => {} };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  let running = false;
  let written = 0;
  return {
    async start() {
      running = true;
      await session.post('Profiler.start');
    },
    async stop() {
      if (!running) return;
      running = false;
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(dir, `${kind}-${process.pid}-${written++}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
