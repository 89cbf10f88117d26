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
 * A node serves (200) when it runs alone or has joined its cluster. It is out
 * (503) while draining or closing, and while `REDIS_URL` is set but Redis is
 * unreachable: such a node sees only its own pages, so a visitor sent to it
 * would be told "nobody is holding this page" for pages held elsewhere, and a
 * deploy with a wrong `REDIS_URL` must not pass its health checks.
 */
export function healthReport(
  state: 'serving' | 'draining' | 'closing',
  cluster: { connected(): boolean; peers(): number } | undefined,
): HealthReport {
  const membership = !cluster ? 'standalone' : cluster.connected() ? 'joined' : 'not joined';
  const peers = cluster ? { peers: cluster.peers() } : {};
  if (state !== 'serving') return { status: 503, body: { status: state, cluster: membership, ...peers } };
  if (membership === 'not joined') {
    return {
      status: 503,
      body: {
        status: 'degraded',
        cluster: membership,
        ...peers,
        reason: 'REDIS_URL is set but Redis is unreachable: this node sees only its own pages',
      },
    };
  }
  return { status: 200, body: { status: 'ok', cluster: membership, ...peers } };
}
