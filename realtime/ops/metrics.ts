import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EvictReason } from '../../lib/protocol';
import type { RelayStats } from '../core/relay-ports';
import type { ClusterStats } from '../cluster/cluster';

/** What the gauges read when `/metrics` is scraped. */
export interface LiveReadings {
  connections(): number;
  pages(): number;
  waiting(): number;
  /** Connections whose wants wait for them to read what they were sent. */
  readersBehind(): number;
  /** Other nodes this one hears from; 0 when running alone. */
  clusterPeers(): number;
  /** 1 while `REDIS_URL` is set but this node cannot reach Redis (what `/healthz` calls degraded), else 0. */
  clusterDegraded(): number;
}

/**
 * Every millisecond up to 6 ms, then a few per step up to 50 ms: a storm's
 * p50 and p99 both fall there, and the benchmark estimates them from these
 * buckets, so a bucket wider than the figures' spread would hide them.
 */
const WANT_TO_CONTENT_BUCKETS_MS = [
  0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000,
];

/**
 * `ephemeral_want_to_content_seconds{route}`, on `registry`: the sidecar's, and
 * the benchmark's yardstick servers', so that their figures compare.
 */
export function wantToContentHistogram(registry: Registry) {
  return new Histogram({
    name: 'ephemeral_want_to_content_seconds',
    help: "Time at the sidecar from a visitor's want joining the page to its page:content being sent, by route.",
    labelNames: ['route'],
    buckets: WANT_TO_CONTENT_BUCKETS_MS.map((ms) => ms / 1000),
    registers: [registry],
  });
}

/** The sidecar's Prometheus metrics; one registry per server, so tests can run several. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ephemeral_' });

  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });

  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const requests = counter('ephemeral_holder_requests_total', 'page:request messages sent to holders.');
  const bytes = counter('ephemeral_bytes_relayed_total', 'Verified page bytes sent to visitors (bytes x visitors).');
  const served = counter('ephemeral_visitors_served_total', 'Visitors sent a verified page.');
  const failures = counter(
    'ephemeral_verification_failures_total',
    'Holder answers that failed the size or SHA-256 check.',
  );
  const timeouts = counter(
    'ephemeral_request_timeouts_total',
    'Holder requests that got no answer in REQUEST_TIMEOUT_MS.',
  );
  const evictions = counter('ephemeral_evictions_total', 'Holders dropped from a page, by reason.', ['reason']);
  const stalled = counter(
    'ephemeral_stalled_readers_total',
    'Connections disconnected for reading nothing for STALLED_READER_MS while their wants waited.',
  );
  const rejected = counter('ephemeral_rejected_events_total', 'Client events answered with an error, by code.', [
    'error',
  ]);

  const refusedHandshakes = counter(
    'ephemeral_refused_handshakes_total',
    'Connections refused at the handshake, by reason (a refusal code, flood, or engine_<Engine.IO error code>).',
    ['reason'],
  );
  const wantToContent = wantToContentHistogram(registry);
  const crossNodeFailures = counter(
    'ephemeral_cross_node_fetch_failures_total',
    'Fetches from another node that brought no page, by reason (timeout, not_found, unreachable).',
    ['reason'],
  );
  const redisErrors = counter(
    'ephemeral_redis_errors_total',
    'Errors on the Redis connections (each failed connection attempt during an outage counts).',
  );
  const cluster: ClusterStats = {
    fetchFailed: (reason) => crossNodeFailures.inc({ reason }),
    redisError: () => redisErrors.inc(),
  };

  const stats: RelayStats = {
    requestSent: () => requests.inc(),
    served: (waitedMs, route) => {
      for (const ms of waitedMs) wantToContent.observe({ route }, ms / 1000);
    },
    relayed: (size, visitors) => {
      bytes.inc(size * visitors);
      served.inc(visitors);
    },
    verificationFailed: () => failures.inc(),
    timedOut: () => timeouts.inc(),
    evicted: (reason: EvictReason) => evictions.inc({ reason }),
  };

  return {
    registry,
    stats,
    cluster,
    rejected: (error: string) => rejected.inc({ error }),
    stalledReader: () => stalled.inc(),
    refusedHandshake: (reason: string) => refusedHandshakes.inc({ reason }),
    /** Registers the gauges, once what they read exists. */
    observe(live: LiveReadings) {
      gauge('ephemeral_connections', 'Open Socket.IO connections.', () => live.connections());
      gauge('ephemeral_pages', 'Pages with at least one holder or waiting visitor on this node.', () => live.pages());
      gauge('ephemeral_waiting_visitors', 'Visitors waiting for a page on this node.', () => live.waiting());
      gauge(
        'ephemeral_readers_behind',
        'Connections whose wants wait for them to read what they were sent (backpressure).',
        () => live.readersBehind(),
      );
      gauge('ephemeral_cluster_peers', 'Other sidecar nodes this node hears from (0 when alone).', () =>
        live.clusterPeers(),
      );
      gauge(
        'ephemeral_cluster_degraded',
        '1 while REDIS_URL is set but this node cannot reach Redis: it serves only its own pages (/healthz 200 degraded once it has joined, 503 if it never has).',
        () => live.clusterDegraded(),
      );
    },
  };
}
