import { networkInterfaces } from 'node:os';
import { DEFAULT_PAGE_MAX_BYTES, DEFAULT_PAGES_PER_CONNECTION } from '../../lib/limits';
import { localPorts } from '../../lib/local-ports';
import { originEntryProblem, originPlaceholder } from '../guards/origins';

/** The sidecar's settings, read once from the environment at start (PROTOCOL.md). */
export interface RealtimeConfig {
  port: number;
  pageMaxBytes: number;
  pagesPerConnection: number;
  requestTimeoutMs: number;
  hedgeMs: number;
  holdersIntervalMs: number;
  /** Least time between two reports of this node's own holder count of a page to the other nodes. */
  clusterCountsIntervalMs: number;
  /** Origins and `*` patterns of the web app (see origins.ts). */
  corsOrigins: string[];
  redisUrl: string | undefined;
  /** How often a cluster node says it is alive; one silent for three beats is dropped. */
  clusterBeatMs: number;
  /** A connection whose wants wait for it to read, and that reads nothing for this long, is disconnected. */
  stalledReaderMs: number;
  /** After SIGTERM: how long `/healthz` answers 503 while the node still serves, so the proxy stops sending it new connections. */
  drainMs: number;
  /** The load balancer pins each client to one node, so long-polling may be used in a cluster. */
  stickySessions: boolean;
  /** Per client address (PROTOCOL.md "Per-address limits"). */
  addressLimits: AddressLimits;
  /** Open transports at most, joined or not; one more is refused `relay_full`. */
  maxConnections: number;
  /** A transport that has not joined the namespace this long after it opened is closed. */
  joinTimeoutMs: number;
  /** `/metrics` needs `Authorization: Bearer <token>` when set. */
  metricsToken: string | undefined;
  /** `/metrics` is served on this port only (not the public one) when set. */
  metricsPort: number | undefined;
  /** pino level; not part of PROTOCOL.md, an operator's knob. */
  logLevel: string;
}

export interface AddressLimits {
  /** Lower-case name of the header that carries the client's address (set by a trusted proxy), or undefined for the socket's address. */
  trustProxyHeader: string | undefined;
  connections: number;
  /** Client events per 10 s, over all the address's connections. */
  events: number;
  /** Evictions per minute, over all the address's connections. */
  evictions: number;
}

/** A bad setting: the message names the variable. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function optionalPort(env: Env, name: string): number | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : integer(env, name, 0, 0, 65535);
}

/** This machine's LAN IPv4 addresses: what `next dev` prints as its Network URL. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

/**
 * Unset outside production: the web app of a local run, on the web port, as
 * reached from this machine or the LAN. Unset in production is an error: the
 * relay must not guess which site may use it.
 */
function origins(env: Env, webPort: number, lan: readonly string[]): string[] {
  const raw = env.CORS_ORIGIN;
  if (raw === undefined || raw.trim() === '') {
    if (env.NODE_ENV === 'production') {
      throw new ConfigError(
        "CORS_ORIGIN must be set in production: the web app's origins, e.g. https://app.example.com,https://*-team.vercel.app",
      );
    }
    return ['localhost', '127.0.0.1', ...lan].map((host) => `http://${host}:${webPort}`);
  }
  const list = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const entry of list) {
    const problem = originEntryProblem(entry);
    if (problem) throw new ConfigError(`CORS_ORIGIN has a bad entry "${entry}": ${problem}`);
  }
  if (list.length === 0) throw new ConfigError('CORS_ORIGIN must name at least one origin');
  if (env.NODE_ENV === 'production') {
    for (const entry of list) {
      const placeholder = originPlaceholder(entry);
      if (placeholder) {
        throw new ConfigError(
          `CORS_ORIGIN has a placeholder entry "${entry}": replace "${placeholder}" with the web app's real domain or Vercel team`,
        );
      }
    }
  }
  return list;
}

function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function redisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL, got "${raw}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL, got "${raw}"`);
  }
  return raw;
}

/** An HTTP header name (RFC 9110 token), lower-cased as Node presents headers. */
function headerName(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(raw)) {
    throw new ConfigError(`${name} must be an HTTP header name such as Fly-Client-IP, got "${raw}"`);
  }
  return raw.toLowerCase();
}

function secret(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.trim() !== raw || raw.length < 16) {
    throw new ConfigError(`${name} must be at least 16 characters with no surrounding spaces`);
  }
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(env: Env): string {
  const raw = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(raw))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return raw;
}

/** Parses the sidecar's environment; throws {@link ConfigError} on the first bad value. */
export function loadConfig(env: Env, host: { lanAddresses: () => string[] } = { lanAddresses }): RealtimeConfig {
  const MINUTE = 60_000;
  let ports: { web: number; realtime: number };
  try {
    ports = localPorts(env);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const corsSet = (env.CORS_ORIGIN ?? '').trim() !== '';
  return {
    port: ports.realtime,
    pageMaxBytes: integer(env, 'PAGE_MAX_BYTES', DEFAULT_PAGE_MAX_BYTES, 1, 64 * 1024 * 1024),
    pagesPerConnection: integer(env, 'PAGES_PER_CONNECTION', DEFAULT_PAGES_PER_CONNECTION, 1, 10_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 3000, 1, 10 * MINUTE),
    hedgeMs: integer(env, 'HEDGE_MS', 500, 0, 10 * MINUTE),
    holdersIntervalMs: integer(env, 'HOLDERS_INTERVAL_MS', 1000, 1, 10 * MINUTE),
    clusterCountsIntervalMs: integer(env, 'CLUSTER_COUNTS_INTERVAL_MS', 250, 1, MINUTE),
    corsOrigins: origins(env, ports.web, corsSet ? [] : host.lanAddresses()),
    redisUrl: redisUrl(env),
    clusterBeatMs: integer(env, 'CLUSTER_BEAT_MS', 2000, 100, 10 * MINUTE),
    stalledReaderMs: integer(env, 'STALLED_READER_MS', 30_000, 250, 10 * MINUTE),
    drainMs: integer(env, 'DRAIN_MS', env.NODE_ENV === 'production' ? 5000 : 0, 0, 10 * MINUTE),
    stickySessions: flag(env, 'STICKY_SESSIONS'),
    addressLimits: {
      trustProxyHeader: headerName(env, 'TRUST_PROXY_HEADER'),
      connections: integer(env, 'CONNECTIONS_PER_ADDRESS', 1000, 1, 1_000_000),
      events: integer(env, 'EVENTS_PER_ADDRESS', 100_000, 1, 100_000_000),
      evictions: integer(env, 'EVICTIONS_PER_ADDRESS', 60, 1, 1_000_000),
    },
    // About 19 KiB per idle connection (npm run bench): 10,000 take ~190 MB, which leaves a 512 MB
    // machine room for its baseline (~106 MB) and the pages in flight.
    maxConnections: integer(env, 'MAX_CONNECTIONS', 10_000, 1, 10_000_000),
    joinTimeoutMs: integer(env, 'JOIN_TIMEOUT_MS', 5000, 100, MINUTE),
    metricsToken: secret(env, 'METRICS_TOKEN'),
    metricsPort: optionalPort(env, 'METRICS_PORT'),
    logLevel: logLevel(env),
  };
}
