import pino from 'pino';
import { loadConfig } from '../realtime/ops/config';
import { startRealtimeServer, type RealtimeServer } from '../realtime/server';

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
  const env = { REALTIME_PORT: '0', REDIS_URL: process.env.REDIS_URL, ...ONE_ADDRESS_STANDS_FOR_MANY };
  return startRealtimeServer(loadConfig(env), {
    logger: pino({ level: 'silent' }),
  });
}
