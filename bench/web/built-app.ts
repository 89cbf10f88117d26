import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PAGE_MAX_BYTES } from '../../lib/limits';
import { openRelaySocket, RelayClient } from '../../lib/relay-client';
import { freePort, startProcess, stopProcess, waitForHttp } from '../../e2e/servers.mjs';

const ROOT = join(__dirname, '..', '..');

export interface BuiltApp {
  webOrigin: string;
  relayUrl: string;
  /** Shares `text` from a relay client of this process and holds it until stop: its page address. */
  hold(text: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The production build (npm run build; this builds nothing) on ephemeral
 * ports: the sidecar and `next start`, each in its own process group, stopped
 * by group. `otherOrigins` may also use the relay (the web bench's floor page).
 */
export async function startBuiltApp(logName: string, otherOrigins: string[] = []): Promise<BuiltApp> {
  for (const built of ['.next/BUILD_ID', 'dist/realtime/realtime/main.js']) {
    if (!existsSync(join(ROOT, built)))
      throw new Error(`No production build (${built} is missing): run npm run build.`);
  }
  const logDir = join(tmpdir(), logName);
  mkdirSync(logDir, { recursive: true });
  const [webPort, realtimePort] = [await freePort(), await freePort()];
  const webOrigin = `http://127.0.0.1:${webPort}`;
  const relayUrl = `http://127.0.0.1:${realtimePort}`;
  const sidecar = startProcess(
    'sidecar',
    process.execPath,
    ['dist/realtime/realtime/main.js'],
    { REALTIME_PORT: String(realtimePort), CORS_ORIGIN: [webOrigin, ...otherOrigins].join(','), LOG_LEVEL: 'warn' },
    logDir,
  );
  const web = startProcess(
    'web',
    process.execPath,
    [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(webPort), '-H', '127.0.0.1'],
    { REALTIME_URL: relayUrl },
    logDir,
  );
  const holders: RelayClient[] = [];
  const stop = async () => {
    for (const holder of holders) holder.close();
    await Promise.all([stopProcess(web), stopProcess(sidecar)]);
  };
  try {
    await waitForHttp(`${relayUrl}/healthz`, sidecar, 'sidecar');
    await waitForHttp(`${webOrigin}/`, web, 'web');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    webOrigin,
    relayUrl,
    stop,
    async hold(text) {
      const holder = new RelayClient(
        openRelaySocket(relayUrl, { transports: ['websocket'], extraHeaders: { Origin: webOrigin } }),
        { url: relayUrl, maxPageBytes: DEFAULT_PAGE_MAX_BYTES },
      );
      holders.push(holder);
      holder.start();
      const hash = await holder.share(new TextEncoder().encode(text));
      await holder.announced(hash);
      return hash;
    },
  };
}
