/**
 * `REALTIME_URL` checked: '' when unset, otherwise the sidecar's origin. A path
 * is refused because Socket.IO would read it as a namespace ("Invalid
 * namespace"); same-origin routing needs none (the proxy routes `/socket.io/`).
 * Throws an Error naming the variable.
 */
export function parseRealtimeUrl(raw: string | undefined): string {
  const value = raw?.trim() ?? '';
  if (value === '') return '';
  const problem = `REALTIME_URL must be the sidecar's http(s) origin with no path, such as https://rt.example.com, got "${value}"`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(problem);
  }
  const pathless = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !pathless) throw new Error(problem);
  return url.origin;
}

/** The hostname of a Host header, as a URL would write it (IPv6 in brackets); localhost when missing or malformed. */
function hostnameOf(hostHeader: string | null): string {
  try {
    return hostHeader ? new URL(`http://${hostHeader}`).hostname : 'localhost';
  } catch {
    return 'localhost';
  }
}

/**
 * The sidecar's address for one request: `REALTIME_URL` when set; otherwise the
 * host the request came to, on the sidecar's port, scheme-relative
 * (`//192.168.1.20:4000`) so the page's own http or https decides. The CSP and
 * the browser's socket are both derived from this one value, so they agree.
 */
export function realtimeAddress(configured: string, hostHeader: string | null, realtimePort: number): string {
  return configured || `//${hostnameOf(hostHeader)}:${realtimePort}`;
}

/** The URL the browser's socket connects to: the address, with the page's scheme when it has none. */
export function resolveRealtimeUrl(address: string, page: { protocol: string }): string {
  return address.startsWith('//') ? `${page.protocol}${address}` : address;
}

/**
 * The connect-src sources for the sidecar: its http(s) origin for polling and
 * the matching ws(s) one. A scheme-relative address becomes a host source
 * without a scheme, which CSP matches on the page's scheme and its secure and
 * WebSocket upgrades (http: also https:, ws:, wss:; https: also wss:).
 */
export function realtimeConnectSources(address: string): string[] {
  if (address.startsWith('//')) return [address.slice(2)];
  const url = new URL(address);
  const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [url.origin, `${ws}//${url.host}`];
}
