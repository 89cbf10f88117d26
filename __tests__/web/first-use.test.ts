import { onFirstUse } from '../../lib/client/first-use';

describe('onFirstUse', () => {
  it('answers the first press, touch, key or focus once, and not a scroll', () => {
    for (const sign of ['pointerdown', 'touchstart', 'keydown', 'focusin']) {
      const page = new EventTarget();
      const onUse = jest.fn();
      onFirstUse(page, onUse);
      page.dispatchEvent(new Event('scroll'));
      expect(onUse).not.toHaveBeenCalled();
      page.dispatchEvent(new Event(sign));
      page.dispatchEvent(new Event(sign));
      page.dispatchEvent(new Event('keydown'));
      expect(onUse).toHaveBeenCalledTimes(1);
    }
  });

  it('stops waiting when told', () => {
    const page = new EventTarget();
    const onUse = jest.fn();
    const stop = onFirstUse(page, onUse);
    stop();
    page.dispatchEvent(new Event('pointerdown'));
    expect(onUse).not.toHaveBeenCalled();
  });
});
