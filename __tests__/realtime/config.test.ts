/**
 * @jest-environment node
 */
import { spawnSync } from 'node:child_process';
import { loadConfig } from '@/realtime/ops/config';

test('defaults are those of PROTOCOL.md', () => {
  expect(loadConfig({}, { lanAddresses: () => [] })).toEqual({
    port: 4000,
    pageMaxBytes: 1_048_576,
    pagesPerConnection: 64,
    requestTimeoutMs: 3000,
    hedgeMs: 500,
    holdersIntervalMs: 1000,
    clusterCountsIntervalMs: 250,
    corsOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
    redisUrl: undefined,
    clusterBeatMs: 2000,
    stalledReaderMs: 30_000,
    drainMs: 0,
    stickySessions: false,
    addressLimits: { trustProxyHeader: undefined, connections: 1000, events: 100_000, evictions: 60 },
    maxConnections: 10_000,
    joinTimeoutMs: 5000,
    metricsToken: undefined,
    metricsPort: undefined,
    logLevel: 'info',
  });
  expect(loadConfig({ NODE_ENV: 'production', CORS_ORIGIN: 'https://p2p.test' }).drainMs).toBe(5000);
});

test('every setting is read from its variable', () => {
  const config = loadConfig({
    REALTIME_PORT: '4100',
    PAGE_MAX_BYTES: '2048',
    PAGES_PER_CONNECTION: '8',
    REQUEST_TIMEOUT_MS: '100',
    HEDGE_MS: '0',
    HOLDERS_INTERVAL_MS: '250',
    CLUSTER_COUNTS_INTERVAL_MS: '100',
    CORS_ORIGIN: 'https://a.example, https://b.example:8443',
    REDIS_URL: 'redis://127.0.0.1:6390',
    CLUSTER_BEAT_MS: '500',
    DRAIN_MS: '1500',
    STALLED_READER_MS: '2000',
    STICKY_SESSIONS: 'true',
    TRUST_PROXY_HEADER: 'Fly-Client-IP',
    CONNECTIONS_PER_ADDRESS: '5',
    EVENTS_PER_ADDRESS: '500',
    EVICTIONS_PER_ADDRESS: '3',
    MAX_CONNECTIONS: '300',
    JOIN_TIMEOUT_MS: '2000',
    METRICS_TOKEN: 'a-long-enough-secret',
    METRICS_PORT: '9091',
  });
  expect(config).toMatchObject({
    clusterBeatMs: 500,
    drainMs: 1500,
    stalledReaderMs: 2000,
    stickySessions: true,
    addressLimits: { trustProxyHeader: 'fly-client-ip', connections: 5, events: 500, evictions: 3 },
    maxConnections: 300,
    joinTimeoutMs: 2000,
    metricsToken: 'a-long-enough-secret',
    metricsPort: 9091,
    port: 4100,
    pageMaxBytes: 2048,
    pagesPerConnection: 8,
    requestTimeoutMs: 100,
    hedgeMs: 0,
    holdersIntervalMs: 250,
    clusterCountsIntervalMs: 100,
    corsOrigins: ['https://a.example', 'https://b.example:8443'],
    redisUrl: 'redis://127.0.0.1:6390',
  });
});

test.each([
  ['REALTIME_PORT', '70000'],
  ['PAGE_MAX_BYTES', 'lots'],
  ['PAGES_PER_CONNECTION', '0'],
  ['REQUEST_TIMEOUT_MS', '1.5'],
  ['HEDGE_MS', '-1'],
  ['HOLDERS_INTERVAL_MS', '1e3x'],
  ['CLUSTER_COUNTS_INTERVAL_MS', '0'],
  ['CORS_ORIGIN', 'https://a.example/path'],
  ['CORS_ORIGIN', 'not a url'],
  ['REDIS_URL', 'http://127.0.0.1:6379'],
  ['LOG_LEVEL', 'loud'],
  ['PORT', 'web'],
  ['CLUSTER_BEAT_MS', '10'],
  ['DRAIN_MS', 'a while'],
  ['STALLED_READER_MS', '100'],
  ['STICKY_SESSIONS', 'maybe'],
  ['TRUST_PROXY_HEADER', 'Fly Client IP'],
  ['CONNECTIONS_PER_ADDRESS', '0'],
  ['MAX_CONNECTIONS', '0'],
  ['JOIN_TIMEOUT_MS', '50'],
  ['EVENTS_PER_ADDRESS', 'many'],
  ['EVICTIONS_PER_ADDRESS', '-1'],
  ['METRICS_TOKEN', 'short'],
  ['METRICS_PORT', '99999'],
])('a bad %s (%s) is refused with a message naming it', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name} `));
});

test.each([
  ['https://ephemeral-p2p.vercel.app,https://ephemeral-p2p-*-myteam.vercel.app', 'myteam'],
  ['https://app.example.com', 'example.com'],
  ['https://*.example.org', 'example.org'],
])('in production, the placeholder in CORS_ORIGIN=%s is refused, named', (value, placeholder) => {
  expect(() => loadConfig({ NODE_ENV: 'production', CORS_ORIGIN: value })).toThrow(
    new RegExp(`^CORS_ORIGIN has a placeholder entry ".*": replace "${placeholder}" with the web app's real domain`),
  );
  expect(loadConfig({ CORS_ORIGIN: value }).corsOrigins.length).toBeGreaterThan(0);
});

test('the sidecar process stops at start on a bad value, naming the variable', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'realtime/main.ts'], {
    env: { ...process.env, HEDGE_MS: 'soon' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/HEDGE_MS must be a whole number/);
});
