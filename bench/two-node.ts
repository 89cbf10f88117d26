import { startRedis } from '../__tests__/helpers/redis';
import type { ServerStats } from './ipc';
import { addBuckets } from './server-histogram';
import { spawnServer, type ServerProcess } from './server-process';

/** Time for the nodes to exchange their state over Redis before the storm. */
const JOIN_MS = 500;

/**
 * Two sidecar nodes, each its own process, sharing a fresh redis-server on a
 * free loopback port: the same figures as one server, summed over the nodes.
 */
export async function spawnTwoNodes(): Promise<ServerProcess> {
  const redis = await startRedis();
  const nodes: ServerProcess[] = [];
  try {
    for (let i = 0; i < 2; i++) nodes.push(await spawnServer('sidecar', { REDIS_URL: redis.url }));
  } catch (err) {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis.stop();
    throw err;
  }
  await new Promise((r) => setTimeout(r, JOIN_MS));

  const sum = async <T>(each: (n: ServerProcess) => Promise<T>, add: (a: T, b: T) => T): Promise<T> => {
    const values: T[] = await Promise.all(nodes.map(each));
    return values.reduce(add);
  };
  return {
    kind: 'two-node',
    urls: nodes.flatMap((n) => n.urls),
    mark: async () => void (await Promise.all(nodes.map((n) => n.mark()))),
    stats: () =>
      sum<ServerStats>(
        (n) => n.stats(),
        (a, b) => ({
          cpuSeconds: a.cpuSeconds + b.cpuSeconds,
          peakRssBytes: a.peakRssBytes + b.peakRssBytes,
          rssBytes: a.rssBytes + b.rssBytes,
        }),
      ),
    wantToContent: () => sum((n) => n.wantToContent(), addBuckets),
    settledRss: () =>
      sum(
        (n) => n.settledRss(),
        (a, b) => a + b,
      ),
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
      await redis.stop();
    },
  };
}
