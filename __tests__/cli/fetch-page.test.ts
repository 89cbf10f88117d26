import { EXIT } from '../../cli/errors';
import { notSentInTime } from '../../cli/fetch-page';

describe('notSentInTime', () => {
  it('says the default timeout is the default, and how to wait longer', () => {
    const error = notSentInTime(30_000);
    expect(error.exitCode).toBe(EXIT.notFound);
    expect(error.message).toBe(
      'no holder sent the page within 30 s (the default timeout; --timeout SECONDS waits longer): nobody holds it any more, or its holders are offline',
    );
  });

  it('names a chosen timeout without calling it the default', () => {
    expect(notSentInTime(2500).message).toMatch(/^no holder sent the page within 2\.5 s: nobody holds it/);
  });
});
