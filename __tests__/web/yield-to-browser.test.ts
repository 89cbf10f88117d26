import { yieldToBrowser } from '../../lib/client/yield-to-browser';

describe('yieldToBrowser', () => {
  const global = globalThis as { scheduler?: unknown };
  afterEach(() => {
    delete global.scheduler;
  });

  it('resumes in a later task, after what was already queued', async () => {
    const seen: string[] = [];
    setTimeout(() => seen.push('queued task'), 0);
    await yieldToBrowser();
    expect(seen).toEqual(['queued task']);
  });

  it("uses the browser's scheduler.yield where there is one", async () => {
    const yieldNow = jest.fn(() => Promise.resolve());
    global.scheduler = { yield: yieldNow };
    await yieldToBrowser();
    expect(yieldNow).toHaveBeenCalledTimes(1);
  });
});
