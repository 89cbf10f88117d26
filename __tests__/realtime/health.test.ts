/**
 * @jest-environment node
 */
import { healthReport } from '@/realtime/ops/health';

const cluster = (connected: boolean, joinedOnce: boolean) => ({
  connected: () => connected,
  joinedOnce: () => joinedOnce,
  peers: () => (connected ? 2 : 0),
});

describe('/healthz', () => {
  test('alone or joined: 200 ok', () => {
    expect(healthReport('serving', undefined)).toEqual({ status: 200, body: { status: 'ok', cluster: 'standalone' } });
    expect(healthReport('serving', cluster(true, true))).toEqual({
      status: 200,
      body: { status: 'ok', cluster: 'joined', peers: 2 },
    });
  });

  test('Redis lost after joining: 200 degraded, saying why, so a Redis outage takes no node out', () => {
    expect(healthReport('serving', cluster(false, true))).toEqual({
      status: 200,
      body: {
        status: 'degraded',
        cluster: 'not joined',
        peers: 0,
        reason: expect.stringContaining('Redis is unreachable'),
      },
    });
  });

  test('Redis never reached since start (a wrong REDIS_URL): 503 degraded', () => {
    expect(healthReport('serving', cluster(false, false))).toEqual({
      status: 503,
      body: { status: 'degraded', cluster: 'not joined', peers: 0, reason: expect.stringContaining('REDIS_URL') },
    });
  });

  test('draining or closing: 503, whatever Redis does', () => {
    for (const state of ['draining', 'closing'] as const) {
      expect(healthReport(state, cluster(false, true)).status).toBe(503);
      expect(healthReport(state, cluster(true, true))).toMatchObject({ status: 503, body: { status: state } });
    }
  });
});
