import { pageContent } from '../../cli/page-bytes';
import { encodePageKey, generatePageKey, sealWithNewKey } from '../../lib/client/private-page';

const text = new TextEncoder().encode('# Secret\n\nOnly for the link holder ✓\n');

describe('pageContent', () => {
  it('gives a public page its own bytes, key or not', async () => {
    await expect(pageContent(text, null)).resolves.toBe(text);
  });

  it('opens a private page with the key from its link', async () => {
    const { bytes, key } = await sealWithNewKey(text);
    expect(Buffer.from(await pageContent(bytes, key))).toEqual(Buffer.from(text));
  });

  it('says what is wrong with a missing or wrong key, in one line', async () => {
    const { bytes } = await sealWithNewKey(text);
    await expect(pageContent(bytes, null)).rejects.toThrow(/^This link is missing its key\. .*#k=/);
    const wrong = pageContent(bytes, encodePageKey(generatePageKey()));
    await expect(wrong).rejects.toThrow(/^This key does not open this page\. The link carries a different key/);
    await expect(pageContent(bytes, null)).rejects.not.toThrow(/\n/);
  });
});
