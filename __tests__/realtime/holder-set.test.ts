/**
 * @jest-environment node
 */
import { HolderSet } from '@/realtime/core/holder-set';

function holders(n: number) {
  const set = new HolderSet();
  for (let i = 0; i < n; i++) set.add(`h${i}`);
  return set;
}

describe('HolderSet.pick', () => {
  test('finds the one holder skip accepts, however many it rejects before it', () => {
    const set = holders(1000);
    expect(set.pick((p) => p !== 'h999')).toBe('h999');
    expect(set.pick((p) => p !== 'h3')).toBe('h3');
  });

  test('is undefined only when skip rejects every holder, and for an empty set', () => {
    expect(holders(50).pick(() => true)).toBeUndefined();
    expect(new HolderSet().pick(() => false)).toBeUndefined();
  });

  test('rotates: consecutive picks spread over every holder', () => {
    const set = holders(5);
    const picked = Array.from({ length: 5 }, () => set.pick(() => false));
    expect(new Set(picked).size).toBe(5);
  });

  test('still finds every holder after removals reorder the set', () => {
    const set = holders(10);
    for (const p of ['h0', 'h4', 'h9']) set.remove(p);
    expect(set.size).toBe(7);
    expect(set.has('h4')).toBe(false);
    const seen = new Set(Array.from({ length: 7 }, () => set.pick(() => false)));
    expect(seen).toEqual(new Set(['h1', 'h2', 'h3', 'h5', 'h6', 'h7', 'h8']));
  });

  test('with preferProven, a proven holder comes first; a removed one is proven no more', () => {
    const set = holders(20);
    set.markProven('h17');
    expect(set.pick(() => false, true)).toBe('h17');
    expect(set.pick((p) => p === 'h17', true)).not.toBe('h17');
    set.remove('h17');
    set.add('h17');
    set.markProven('h5');
    expect(set.pick(() => false, true)).toBe('h5');
  });
});
