import { DEFAULT_PAGE_MAX_BYTES } from '../lib/limits';
import { publicConfigShape, type PublicConfig } from '../lib/public-config';
import { CliError, interrupted } from './errors';

const CONFIG_TIMEOUT_MS = 10_000;
/** A real /api/config answer is under 200 bytes; reading stops well before a hostile one fills memory. */
const MAX_CONFIG_BYTES = 16_384;
/** Same-origin redirects followed at most (a trailing-slash or locale hop); any other origin is refused. */
const MAX_REDIRECTS = 3;
/**
 * The largest page limit the CLI accepts from an app: the relay client
 * buffers up to this much per page, so an app cannot name gigabytes.
 */
export const MAX_ACCEPTED_PAGE_BYTES = 64 * 1024 * 1024;

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** Why a fetch threw, in a few words: Node's fetch hides the reason in `cause`. */
export function networkProblem(error: unknown): string {
  const err = error as { name?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${CONFIG_TIMEOUT_MS / 1000} s`;
  const code = err.cause?.code;
  if (code && NETWORK_ERRORS[code]) return NETWORK_ERRORS[code];
  return err.cause?.message ?? (error as Error).message;
}

/** The reason an app gives in an error answer (`{ "error": "..." }`), if it gives one. */
function appError(text: string): string | null {
  try {
    const error = (JSON.parse(text) as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error : null;
  } catch {
    return null;
  }
}

/** The body's text, or null once it passes `maxBytes` (then the rest is never read). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** GET `url` following redirects only within `origin`; a CliError for a hop elsewhere. */
async function getSameOrigin(url: string, origin: string, signal: AbortSignal): Promise<Response> {
  let target = url;
  for (let hops = 0; ; hops += 1) {
    const response = await fetch(target, { signal, redirect: 'manual', headers: { accept: 'application/json' } });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null) return response;
    await response.body?.cancel();
    const next = new URL(location, target);
    // The link names the app; a redirect must not hand the choice of relay to another host.
    if (next.origin !== origin)
      throw new CliError(`${origin} redirects GET /api/config to another origin, ${next.origin}: not followed`);
    if (hops >= MAX_REDIRECTS)
      throw new CliError(`${origin} redirects GET /api/config more than ${MAX_REDIRECTS} times`);
    target = next.href;
  }
}

/**
 * The relay the app names, as parsed (so what is printed is a URL, not the
 * app's raw text). An https app naming an http relay is refused: the page's
 * bytes and its address would cross the network in the clear.
 */
function checkedRelay(origin: string, realtimeUrl: string): string {
  const relay = new URL(realtimeUrl);
  if (origin.startsWith('https:') && relay.protocol !== 'https:') {
    throw new CliError(
      `${origin} is on https but names a relay on ${relay.protocol.slice(0, -1)} (${relay.origin}): refused; --realtime URL chooses a relay yourself`,
    );
  }
  return relay.href.replace(/\/+$/, '');
}

/**
 * The app's public settings from `GET <origin>/api/config`; a CliError naming
 * the app when it cannot be had or cannot be trusted, or `interrupted()` when
 * `stop` fires first.
 */
export async function fetchAppConfig(origin: string, stop: AbortSignal): Promise<PublicConfig> {
  const signal = AbortSignal.any([AbortSignal.timeout(CONFIG_TIMEOUT_MS), stop]);
  const notAnApp = `${origin} does not look like an Ephemeral P2P app`;
  let response: Response;
  let text: string | null;
  try {
    response = await getSameOrigin(`${origin}/api/config`, origin, signal);
    text = await readCapped(response, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (stop.aborted) throw interrupted();
    throw new CliError(`cannot reach the app at ${origin}: ${networkProblem(error)}`);
  }
  if (text === null) throw new CliError(`${notAnApp}: GET /api/config answered over ${MAX_CONFIG_BYTES} bytes`);
  if (!response.ok) {
    const reason = appError(text);
    throw new CliError(
      reason
        ? `the app at ${origin} cannot be used: ${reason}`
        : `${notAnApp}: GET /api/config answered ${response.status}`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CliError(`${notAnApp}: GET /api/config did not answer JSON`);
  }
  const parsed = publicConfigShape.safeParse(body);
  if (!parsed.success) throw new CliError(`${notAnApp}: GET /api/config answered settings it cannot use`);
  const { pageMaxBytes } = parsed.data;
  if (pageMaxBytes > MAX_ACCEPTED_PAGE_BYTES) {
    throw new CliError(
      `${origin} names a page limit of ${pageMaxBytes} bytes, over the ${MAX_ACCEPTED_PAGE_BYTES} this client accepts`,
    );
  }
  return { ...parsed.data, realtimeUrl: checkedRelay(origin, parsed.data.realtimeUrl) };
}

/** The relay a command talks to and the largest page it takes from it. */
export interface RelayTarget {
  url: string;
  maxPageBytes: number;
}

/**
 * The app's relay and page limit; with `--realtime` (`override`), that relay
 * and the default limit, without asking the app.
 */
export async function relayFor(origin: string, override: string | null, stop: AbortSignal): Promise<RelayTarget> {
  if (override !== null) return { url: override, maxPageBytes: DEFAULT_PAGE_MAX_BYTES };
  const config = await fetchAppConfig(origin, stop);
  return { url: config.realtimeUrl, maxPageBytes: config.pageMaxBytes };
}
