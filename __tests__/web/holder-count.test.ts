import { shownHolders } from '@/lib/holder-count';

test('counts under a thousand are shown exactly', () => {
  expect([0, 1, 2, 999].map(shownHolders)).toEqual(['0', '1', '2', '999']);
});

test('larger counts are rounded down, never claiming a holder that is not there', () => {
  expect([1000, 1099, 1234, 9999, 10_000, 12_999, 999_999].map(shownHolders)).toEqual([
    '1k',
    '1k',
    '1.2k',
    '9.9k',
    '10k',
    '12k',
    '999k',
  ]);
  expect([1_000_000, 1_550_000, 25_000_000].map(shownHolders)).toEqual(['1M', '1.5M', '25M']);
});
