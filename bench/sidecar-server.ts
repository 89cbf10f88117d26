import pino from 'pino';
import { loadConfig } from '../realtime/config';
import { startRealtimeServer, type RealtimeServer } from '../realtime/server';

/** The real sidecar with its default settings on a free port, logging nothing. */
export function startSidecar(): Promise<RealtimeServer> {
  return startRealtimeServer(loadConfig({ REALTIME_PORT: '0' }), { logger: pino({ level: 'silent' }) });
}
