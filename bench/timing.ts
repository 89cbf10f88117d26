/** Small timing helpers for bounded waits. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves with `promise`'s value, or with `fallback` once `ms` have passed. */
export function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), Math.max(0, ms));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Waits until nothing has arrived for `quietMs` (by `lastAt()`), or until
 * `maxMs` have passed, whichever comes first.
 */
export async function quiet(lastAt: () => number, quietMs: number, maxMs: number): Promise<void> {
  const giveUpAt = performance.now() + maxMs;
  for (;;) {
    const now = performance.now();
    const quietAt = lastAt() + quietMs;
    if (quietAt <= now || now >= giveUpAt) return;
    await sleep(Math.min(quietAt, giveUpAt) - now);
  }
}

/** The p-th percentile (nearest rank) of `values`; Infinity marks a visitor never served. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The p99 of unsorted latencies; null when visitors never served (Infinity) reach it. */
export function p99(latencies: readonly number[]): number | null {
  const value = percentile(
    [...latencies].sort((a, b) => a - b),
    99,
  );
  return Number.isFinite(value) ? value : null;
}
