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

  process.on('message', (message: ToServer) => {
    switch (message.type) {
      case 'mark':
        cpuMark = process.cpuUsage();
        return send({ type: 'marked' });
      case 'stats': {
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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
