import { describeHolders, healthLevel } from '../../lib/client/health';

describe('health meter', () => {
  it('scales from gone to healthy', () => {
    expect(healthLevel(0, false)).toBe('gone');
    expect(healthLevel(1, true)).toBe('only-you');
    expect(healthLevel(1, false)).toBe('few');
    expect(healthLevel(3, true)).toBe('few');
    expect(healthLevel(4, true)).toBe('healthy');
  });

  it('says the count in words', () => {
    expect(describeHolders(0, false)).toBe('Nobody is holding this page right now');
    expect(describeHolders(1, true)).toBe('Only this tab is holding this page');
    expect(describeHolders(5, true)).toBe('5 tabs are holding this page');
  });
});
