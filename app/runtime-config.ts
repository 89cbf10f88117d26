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

/** REALTIME_URL as given, or '' when unset; a value that is not an http(s) URL is an error naming the variable. */
function realtimeUrl(raw: string | undefined): string {
  const value = raw?.trim() ?? '';
  if (value === '') return '';
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    // Reported below.
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new Error(`REALTIME_URL must be an http(s) URL such as https://rt.example.com, got "${value}"`);
  }
  return value;
}

export function readRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  return {
    realtimeUrl: realtimeUrl(env.REALTIME_URL),
    pageMaxBytes: pageMaxBytes(env.PAGE_MAX_BYTES),
  };
}
