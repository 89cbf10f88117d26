import { turnOrder } from '../../bench/scenario';

describe('turnOrder', () => {
  it('plays every variant once a round, each round starting one further on', () => {
    expect([0, 1, 2, 3, 4].map((round) => turnOrder(round, 4))).toEqual([
      [0, 1, 2, 3],
      [1, 2, 3, 0],
      [2, 3, 0, 1],
      [3, 0, 1, 2],
      [0, 1, 2, 3],
    ]);
  });
});
