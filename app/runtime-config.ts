import { DEFAULT_PAGE_MAX_BYTES } from '../lib/limits';

/** Settings the browser needs, read from the server's environment on every request so a deployment changes them without a rebuild. */
export interface RuntimeConfig {
  /** The sidecar's URL, or '' to use the page's own host on port 4000. */
  realtimeUrl: string;
  /** Largest page the sidecar relays (it must match the sidecar's PAGE_MAX_BYTES). */
  pageMaxBytes: number;
}

function pageMaxBytes(raw: string | undefined): number {
  const value = Number(raw);
  return raw && Number.isInteger(value) && value > 0 ? value : DEFAULT_PAGE_MAX_BYTES;
}

export function readRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  return {
    realtimeUrl: env.REALTIME_URL?.trim() ?? '',
    pageMaxBytes: pageMaxBytes(env.PAGE_MAX_BYTES),
  };
}
