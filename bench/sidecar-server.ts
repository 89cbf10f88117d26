import { createRequire } from 'node:module';
import { join } from 'node:path';
import pino from 'pino';
import type * as ConfigModule from '../realtime/ops/config';
import type * as ServerModule from '../realtime/server';
import type { RealtimeServer } from '../realtime/server';

/**
 * The sidecar as it ships: tsc's build, which `npm run bench` and `npm run soak` make first.
 * Through tsx, as the rest of bench/ runs, esbuild would wrap each of its
 * named functions in `__name`, turning them into dictionary-mode objects:
 * each connection took about 0.7 KB more heap than in production, and each
 * connect more CPU.
 */
const BUILT = join(__dirname, '..', 'dist', 'realtime', 'realtime');

function loadBuilt(): { server: typeof ServerModule; config: typeof ConfigModule } {
  const load = createRequire(__filename);
  try {
    return { server: load(join(BUILT, 'server.js')), config: load(join(BUILT, 'ops', 'config.js')) };
  } catch (error) {
    throw new Error(`no built sidecar in ${BUILT}: npm run bench and npm run soak build it (npm run build:realtime)`, {
      cause: error,
    });
  }
}

/**
 * Every simulated tab connects from this machine's one address, where real
 * tabs would come from thousands: the per-address limits are lifted so they
 * measure nothing here (their own tests are in the fault suite). So is
 * MAX_CONNECTIONS, sized for a 512 MB machine: the largest storms and the
 * idle-memory run measure past it, which is how its default was derived.
 */
const ONE_ADDRESS_STANDS_FOR_MANY = {
  CONNECTIONS_PER_ADDRESS: '1000000',
  EVENTS_PER_ADDRESS: '100000000',
  MAX_CONNECTIONS: '1000000',
};

/**
 * The real sidecar with its default settings on a free port, logging nothing;
 * a node of a cluster when the runner sets REDIS_URL (two-node mode).
 */
export function startSidecar(): Promise<RealtimeServer> {
  const { server, config } = loadBuilt();
  const env = { REALTIME_PORT: '0', REDIS_URL: process.env.REDIS_URL, ...ONE_ADDRESS_STANDS_FOR_MANY };
  return server.startRealtimeServer(config.loadConfig(env), {
    logger: pino({ level: 'silent' }),
  });
}
