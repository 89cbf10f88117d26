import { isLocalHostname } from './local-host';
import type { PublicHost } from './request-host';

/**
 * Where the relay is, as `REALTIME_URL` says: the sidecar's own origin; the
 * web app's origin (`same-origin`: a proxy routes `/socket.io/` to the
 * sidecar); or, unset, a local run's sidecar on the request's host.
 */
export type RealtimeSetting = { kind: 'origin'; origin: string } | { kind: 'same-origin' } | { kind: 'local' };

export const SAME_ORIGIN = 'same-origin';

const EXAMPLE = 'REALTIME_URL=https://rt.example.com';

/**
 * `REALTIME_URL` checked. A path is refused because Socket.IO would read it as
 * a namespace ("Invalid namespace"). On Vercel there is no local sidecar to
 * fall back on, so unset is refused there. Throws an Error naming the variable.
 */
export function parseRealtimeUrl(raw: string | undefined, env: { vercel: boolean }): RealtimeSetting {
  const value = raw?.trim() ?? '';
  if (value === '') {
    if (env.vercel) {
      throw new Error(
        `REALTIME_URL must be set on Vercel (for Production and Preview): the sidecar's origin, such as ${EXAMPLE}`,
      );
    }
    return { kind: 'local' };
  }
  if (value === SAME_ORIGIN) return { kind: 'same-origin' };
  const problem = `REALTIME_URL must be the sidecar's http(s) origin with no path, such as https://rt.example.com, or ${SAME_ORIGIN}; got "${value}"`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(problem);
  }
  const pathless = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !pathless) throw new Error(problem);
  return { kind: 'origin', origin: url.origin };
}

/** The relay's address cannot be told for this request; `status` is the HTTP status to answer. */
export class RelayAddressError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * The sidecar's address for one request: the configured origin, or
 * scheme-relative (`//192.168.1.20:4000`) so the page's own http or https
 * decides. The CSP and the browser's socket are both derived from this one
 * value, so they agree. Unset, it is guessed only for a host on this machine
 * or its LAN: on a public name the guess would send every browser to a port
 * that is not there.
 */
export function realtimeAddress(setting: RealtimeSetting, host: PublicHost | null, realtimePort: number): string {
  if (setting.kind === 'origin') return setting.origin;
  if (setting.kind === 'same-origin') {
    if (!host) throw new RelayAddressError('The request has no valid Host header: the relay is on its origin.', 400);
    return `//${host.host}`;
  }
  const hostname = host?.hostname ?? 'localhost';
  if (!isLocalHostname(hostname)) {
    throw new RelayAddressError(
      `Configuration error: REALTIME_URL is not set, and ${hostname} is not this machine or its local network, ` +
        `so the relay's address is unknown. Set REALTIME_URL on the web app to the sidecar's origin (${EXAMPLE}), ` +
        `or to ${SAME_ORIGIN} when this origin routes /socket.io/ to the sidecar.`,
      500,
    );
  }
  return `//${hostname}:${realtimePort}`;
}

/**
 * The connect-src sources for the sidecar, every scheme named: a host source
 * without one (`localhost:4000`) does not let Chromium open `ws://` to it, so
 * the socket would fall back to long-polling. A configured origin gets its own
 * scheme and the matching WebSocket one; a scheme-relative address all four.
 */
export function realtimeConnectSources(address: string): string[] {
  if (address.startsWith('//')) return ['http:', 'https:', 'ws:', 'wss:'].map((scheme) => `${scheme}${address}`);
  const url = new URL(address);
  const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [url.origin, `${ws}//${url.host}`];
}
