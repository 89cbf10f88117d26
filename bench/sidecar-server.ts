import pino from 'pino';
import { loadConfig } from '../realtime/config';
import { startRealtimeServer, type RealtimeServer } from '../realtime/server';

/**
 * The real sidecar with its default settings on a free port, logging nothing;
 * a node of a cluster when the runner sets REDIS_URL (two-node mode).
 */
export function startSidecar(): Promise<RealtimeServer> {
  return startRealtimeServer(loadConfig({ REALTIME_PORT: '0', REDIS_URL: process.env.REDIS_URL }), {
    logger: pino({ level: 'silent' }),
  });
}
