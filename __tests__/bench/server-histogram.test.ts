import { Registry } from 'prom-client';
import { wantToContentHistogram } from '@/realtime/ops/metrics';
import { addBuckets, bucketPercentileMs, bucketsSince, observations, parseBuckets } from '@/bench/server-histogram';

/** The sidecar's own histogram, read back as the benchmark reads /metrics. */
async function histogramOf(observedMs: Record<string, number[]>) {
  const registry = new Registry();
  const histogram = wantToContentHistogram(registry);
  for (const [route, values] of Object.entries(observedMs)) {
    for (const ms of values) histogram.observe({ route }, ms / 1000);
  }
  return parseBuckets(await registry.metrics());
}

describe('the want-to-content histogram as the benchmark reads it', () => {
  it('sums the routes into one cumulative histogram ending at +Inf', async () => {
    const buckets = await histogramOf({ local: [1.5, 2.5], cross_node: [40_000] });
    expect(observations(buckets)).toBe(3);
    expect(buckets[buckets.length - 1]).toEqual([Infinity, 3]);
    expect(buckets.find(([le]) => le === 0.003)).toEqual([0.003, 2]);
  });

  it('interpolates a percentile within its bucket, as histogram_quantile does', async () => {
    // 100 observations, one per 0.1 ms from 2.05 to 11.95 ms: the p50 is near 7 ms, the p99 near 11.9 ms.
    const values = Array.from({ length: 100 }, (_, i) => 2.05 + i * 0.1);
    const buckets = await histogramOf({ local: values });
    expect(bucketPercentileMs(buckets, 50)).toBeCloseTo(7, 0);
    expect(bucketPercentileMs(buckets, 99)).toBeGreaterThan(10);
    expect(bucketPercentileMs(buckets, 99)).toBeLessThanOrEqual(12);
  });

  it('has buckets no wider than 2 ms up to 10 ms and 5 ms up to 30 ms', async () => {
    const bounds = (await histogramOf({})).map(([le]) => le * 1000);
    const within = (lo: number, hi: number) => bounds.filter((ms) => ms >= lo && ms <= hi);
    const widest = (list: number[]) => Math.max(...list.slice(1).map((ms, i) => ms - list[i]));
    expect(widest(within(1, 10))).toBeLessThanOrEqual(2);
    expect(widest(within(10, 30))).toBeLessThanOrEqual(5);
  });

  it("takes a storm's share as the difference of two readings", async () => {
    const before = await histogramOf({ local: [3.5, 3.5, 3.5] });
    const after = await histogramOf({ local: [3.5, 3.5, 3.5, 20.5, 20.5] });
    const storm = bucketsSince(after, before);
    expect(observations(storm)).toBe(2);
    expect(bucketPercentileMs(storm, 50)).toBeGreaterThan(20);
    expect(bucketPercentileMs(storm, 50)).toBeLessThanOrEqual(25);
    expect(addBuckets(storm, before)).toEqual(after);
  });

  it('has no percentile when nothing was observed, and the highest bound past it', async () => {
    expect(bucketPercentileMs(await histogramOf({}), 99)).toBeNull();
    expect(bucketPercentileMs(parseBuckets(''), 99)).toBeNull();
    expect(bucketPercentileMs(await histogramOf({ local: [60_000] }), 99)).toBe(30_000);
  });
});
