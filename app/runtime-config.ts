import { DEFAULT_PAGE_MAX_BYTES } from '../lib/limits';
import { localPorts } from '../lib/local-ports';
import { parseRealtimeUrl, type RealtimeSetting } from '../lib/web/realtime-url';

/** Settings the browser needs, read from the server's environment on every request so a deployment changes them without a rebuild. */
export interface RuntimeConfig {
  /** Where the sidecar is (REALTIME_URL). */
  realtime: RealtimeSetting;
  /** The sidecar's port when REALTIME_URL is unset: REALTIME_PORT, else PORT + 1000, else 4000 (lib/local-ports.ts). */
  realtimePort: number;
  /** Largest page the sidecar relays (it must match the sidecar's PAGE_MAX_BYTES). */
  pageMaxBytes: number;
}

function pageMaxBytes(raw: string | undefined): number {
  const value = Number(raw);
  return raw && Number.isInteger(value) && value > 0 ? value : DEFAULT_PAGE_MAX_BYTES;
}

/** Throws an Error naming the variable on a bad REALTIME_URL, PORT or REALTIME_PORT (instrumentation.ts checks at start). */
export function readRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  return {
    realtime: parseRealtimeUrl(env.REALTIME_URL, { vercel: Boolean(env.VERCEL) }),
    realtimePort: localPorts(env).realtime,
    pageMaxBytes: pageMaxBytes(env.PAGE_MAX_BYTES),
  };
}
