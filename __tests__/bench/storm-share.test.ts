import { burstsOf } from '@/bench/storm';

describe('visitors spread over load generator processes', () => {
  const arrivals = { visitors: 100, burst: 5, gapMs: 50 };

  it('gives every visitor to exactly one generator, in its own burst', () => {
    const shares = [0, 1, 2].map((index) => burstsOf(arrivals, { index, of: 3 }));
    expect(shares.map((s) => s.length)).toEqual([34, 33, 33]);
    const perBurst = new Map<number, number>();
    for (const burst of shares.flat()) perBurst.set(burst, (perBurst.get(burst) ?? 0) + 1);
    expect([...perBurst.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect([...perBurst.values()].every((n) => n === arrivals.burst)).toBe(true);
  });

  it('keeps the schedule: each share arrives in ascending bursts, the whole storm with one generator', () => {
    const alone = burstsOf(arrivals, { index: 0, of: 1 });
    expect(alone).toHaveLength(100);
    expect(alone.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 1]);
    const half = burstsOf(arrivals, { index: 1, of: 2 });
    expect(half.every((b, i) => i === 0 || b >= half[i - 1])).toBe(true);
  });
});
