/** What `/healthz` answers: a status code for the load balancer, a JSON body for people. */
export interface HealthReport {
  status: 200 | 503;
  body: {
    status: 'ok' | 'degraded' | 'draining' | 'closing';
    cluster: 'standalone' | 'joined' | 'not joined';
    peers?: number;
    reason?: string;
  };
}

/**
 * A node serves (200) when it runs alone or has joined its cluster, and stays
 * in (200 `degraded`) while Redis is unreachable after it has joined once: it
 * still serves the pages held on it, and taking every node out at once would
 * turn a Redis outage into a full one. It is out (503) while draining or
 * closing, and when `REDIS_URL` is set but Redis was never reached since
 * start: a deploy with a wrong `REDIS_URL` must not pass its health checks.
 */
export function healthReport(
  state: 'serving' | 'draining' | 'closing',
  cluster: { connected(): boolean; joinedOnce(): boolean; peers(): number } | undefined,
): HealthReport {
  const membership = !cluster ? 'standalone' : cluster.connected() ? 'joined' : 'not joined';
  const peers = cluster ? { peers: cluster.peers() } : {};
  if (state !== 'serving') return { status: 503, body: { status: state, cluster: membership, ...peers } };
  if (membership === 'not joined') {
    const once = cluster!.joinedOnce();
    return {
      status: once ? 200 : 503,
      body: {
        status: 'degraded',
        cluster: membership,
        ...peers,
        reason: once
          ? 'Redis is unreachable: this node serves the pages held on it; pages held only on other nodes look unheld until Redis is back'
          : 'REDIS_URL is set but Redis was never reached: this node sees only its own pages',
      },
    };
  }
  return { status: 200, body: { status: 'ok', cluster: membership, ...peers } };
}
