/**
 * The server's own `ephemeral_want_to_content_seconds`, read from `/metrics`
 * before and after a storm: the storm's share is the difference of the two
 * readings, and its percentiles are estimated from the buckets.
 */

const NAME = 'ephemeral_want_to_content_seconds_bucket';

/** Cumulative counts by upper bound in seconds, ascending, the last +Inf; summed over routes. */
export type Buckets = [le: number, count: number][];

/** The histogram's buckets in Prometheus text, every label set summed into one. */
export function parseBuckets(text: string): Buckets {
  const byBound = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${NAME}{`)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return [...byBound].sort(([a], [b]) => a - b);
}

function combine(a: Buckets, b: Buckets, sign: 1 | -1): Buckets {
  const counts = new Map(a);
  for (const [le, n] of b) counts.set(le, (counts.get(le) ?? 0) + sign * n);
  return [...counts].sort(([x], [y]) => x - y);
}

export const addBuckets = (a: Buckets, b: Buckets) => combine(a, b, 1);
/** What was observed between reading `before` and reading `after`. */
export const bucketsSince = (after: Buckets, before: Buckets) => combine(after, before, -1);

export const observations = (buckets: Buckets) => (buckets.length === 0 ? 0 : buckets[buckets.length - 1][1]);

/**
 * The p-th percentile in ms, interpolated within its bucket as Prometheus's
 * histogram_quantile does (so it is exact only to a bucket's width); the
 * highest finite bound if it falls past it; null if nothing was observed.
 */
export function bucketPercentileMs(buckets: Buckets, p: number): number | null {
  const total = observations(buckets);
  if (total === 0) return null;
  const rank = (p / 100) * total;
  let lower = 0;
  let below = 0;
  for (const [le, count] of buckets) {
    if (count >= rank && count > below) {
      if (!Number.isFinite(le)) return lower * 1000;
      return (lower + ((le - lower) * (rank - below)) / (count - below)) * 1000;
    }
    lower = le;
    below = count;
  }
  return lower * 1000;
}

/** Reads the histogram from a server's `/metrics`. */
export async function scrapeBuckets(url: string): Promise<Buckets> {
  const res = await fetch(new URL('/metrics', url));
  if (!res.ok) throw new Error(`${url}/metrics answered ${res.status}`);
  return parseBuckets(await res.text());
}
