import { DEFAULT_PAGE_MAX_BYTES, DEFAULT_PAGES_PER_CONNECTION } from '../lib/limits';

/** The sidecar's settings, read once from the environment at start (PROTOCOL.md). */
export interface RealtimeConfig {
  port: number;
  pageMaxBytes: number;
  pagesPerConnection: number;
  requestTimeoutMs: number;
  hedgeMs: number;
  holdersIntervalMs: number;
  corsOrigins: string[];
  redisUrl: string | undefined;
  /** pino level; not part of PROTOCOL.md, an operator's knob. */
  logLevel: string;
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

function origins(env: Env): string[] {
  const raw = env.CORS_ORIGIN ?? 'http://localhost:3000';
  const list = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of list) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(`CORS_ORIGIN must list origins such as https://example.com, got "${origin}"`);
    }
    if (url.origin !== origin) {
      throw new ConfigError(`CORS_ORIGIN entries are bare origins (scheme://host[:port]), got "${origin}"`);
    }
  }
  if (list.length === 0) throw new ConfigError('CORS_ORIGIN must name at least one origin');
  return list;
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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(env: Env): string {
  const raw = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(raw)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return raw;
}

/** Parses the sidecar's environment; throws {@link ConfigError} on the first bad value. */
export function loadConfig(env: Env): RealtimeConfig {
  const MINUTE = 60_000;
  return {
    port: integer(env, 'REALTIME_PORT', 4000, 0, 65535),
    pageMaxBytes: integer(env, 'PAGE_MAX_BYTES', DEFAULT_PAGE_MAX_BYTES, 1, 64 * 1024 * 1024),
    pagesPerConnection: integer(env, 'PAGES_PER_CONNECTION', DEFAULT_PAGES_PER_CONNECTION, 1, 10_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 3000, 1, 10 * MINUTE),
    hedgeMs: integer(env, 'HEDGE_MS', 500, 0, 10 * MINUTE),
    holdersIntervalMs: integer(env, 'HOLDERS_INTERVAL_MS', 1000, 1, 10 * MINUTE),
    corsOrigins: origins(env),
    redisUrl: redisUrl(env),
    logLevel: logLevel(env),
  };
}
