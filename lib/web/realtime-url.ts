/** The sidecar's port when REALTIME_URL is not set (PROTOCOL.md's REALTIME_PORT default). */
export const DEFAULT_REALTIME_PORT = 4000;

/**
 * The sidecar's base URL: REALTIME_URL when the deployment sets it, otherwise
 * the host the page was loaded from on port 4000, which is what a local
 * `npm run dev` or `npm start` serves.
 */
export function resolveRealtimeUrl(
  configured: string | undefined,
  page: { protocol: string; hostname: string },
): string {
  const trimmed = configured?.trim();
  if (trimmed) return trimmed.replace(/\/+$/, '');
  const host = page.hostname.includes(':') && !page.hostname.startsWith('[') ? `[${page.hostname}]` : page.hostname;
  return `${page.protocol}//${host}:${DEFAULT_REALTIME_PORT}`;
}

/**
 * The origins a Content-Security-Policy's connect-src must allow for the
 * sidecar: its http(s) origin for polling and the matching ws(s) one.
 */
export function realtimeConnectSources(realtimeUrl: string): string[] {
  const url = new URL(realtimeUrl);
  const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [url.origin, `${ws}//${url.host}`];
}
