import { textToBytes } from '../../lib/hash';
import {
  decodePageKey,
  encodePageKey,
  generatePageKey,
  isSealedPage,
  keyFromFragment,
  openPage,
  pagePath,
  PrivatePageError,
  SEALED_OVERHEAD,
  sealPage,
  type PrivatePageProblem,
} from '../../lib/client/private-page';

const TEXT = textToBytes('# Surprise party\n\nSaturday at 8, crème brûlée ✓\n');

async function expectProblem(promise: Promise<unknown>, problem: PrivatePageProblem) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrivatePageError);
  expect((error as PrivatePageError).problem).toBe(problem);
}

describe('private page format', () => {
  it('round-trips text, and the sealed bytes do not contain it', async () => {
    const key = generatePageKey();
    const sealed = await sealPage(TEXT, key);
    expect(sealed.length).toBe(TEXT.length + SEALED_OVERHEAD);
    expect(isSealedPage(sealed)).toBe(true);
    expect(Buffer.from(sealed).includes(Buffer.from('Surprise'))).toBe(false);
    expect(await openPage(sealed, key)).toEqual(TEXT);
  });

  it('round-trips an empty text and binary bytes', async () => {
    const key = generatePageKey();
    const binary = new Uint8Array(5000).map((_, i) => i % 256);
    expect(await openPage(await sealPage(new Uint8Array(0), key), key)).toEqual(new Uint8Array(0));
    expect(await openPage(await sealPage(binary, key), key)).toEqual(binary);
  });

  it('starts with the magic and version, and uses a fresh nonce each time', async () => {
    const key = generatePageKey();
    const a = await sealPage(TEXT, key);
    const b = await sealPage(TEXT, key);
    expect(Array.from(a.subarray(0, 5))).toEqual([0xff, 0x50, 0x32, 0x50, 1]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('a wrong key is refused, never decrypted to garbage', async () => {
    const sealed = await sealPage(TEXT, generatePageKey());
    await expectProblem(openPage(sealed, generatePageKey()), 'wrong_key');
  });

  it('a missing key is reported as missing', async () => {
    await expectProblem(openPage(await sealPage(TEXT, generatePageKey()), null), 'missing_key');
  });

  it('any changed byte (header, nonce, ciphertext or tag) is refused', async () => {
    const key = generatePageKey();
    const sealed = await sealPage(TEXT, key);
    for (const offset of [5, 16, 17, 20, sealed.length - 1]) {
      const tampered = sealed.slice();
      tampered[offset] ^= 0x01;
      await expectProblem(openPage(tampered, key), 'wrong_key');
    }
  });

  it('a truncated page is reported as damaged', async () => {
    const key = generatePageKey();
    const sealed = await sealPage(TEXT, key);
    await expectProblem(openPage(sealed.subarray(0, 3), key), 'truncated');
    await expectProblem(openPage(sealed.subarray(0, SEALED_OVERHEAD - 1), key), 'truncated');
    // Cut inside the ciphertext: the header is whole, the tag no longer matches.
    await expectProblem(openPage(sealed.subarray(0, sealed.length - 5), key), 'wrong_key');
  });

  it('an unknown version is reported as a newer format, even without a key', async () => {
    const sealed = await sealPage(TEXT, generatePageKey());
    sealed[4] = 2;
    await expectProblem(openPage(sealed, null), 'unknown_version');
  });

  it('public text is never taken for a sealed page', () => {
    expect(isSealedPage(textToBytes('\u00ffP2P looks like the magic but is UTF-8'))).toBe(false);
    expect(isSealedPage(textToBytes(''))).toBe(false);
  });
});

describe('private page keys in links', () => {
  it('encodes a key as 43 base64url characters and back', () => {
    const key = generatePageKey();
    const text = encodePageKey(key);
    expect(text).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodePageKey(text)).toEqual(key);
    const edgy = new Uint8Array(32).fill(0xfb); // Encodes to '+' and '/' in plain base64.
    expect(decodePageKey(encodePageKey(edgy))).toEqual(edgy);
  });

  it('refuses a damaged key with a clear message', () => {
    for (const bad of ['', 'short', `${'A'.repeat(42)}!`, 'A'.repeat(44)]) {
      expect(() => decodePageKey(bad)).toThrow('This key does not open this page');
    }
  });

  it('a key of the wrong length does not open a page', async () => {
    const sealed = await sealPage(TEXT, generatePageKey());
    await expectProblem(openPage(sealed, new Uint8Array(16)), 'bad_key');
  });

  it('reads the key from a fragment and builds links with it', () => {
    expect(keyFromFragment('#k=abc_-')).toBe('abc_-');
    expect(keyFromFragment('')).toBeNull();
    expect(keyFromFragment('#other=1')).toBeNull();
    expect(pagePath('a'.repeat(64), 'KEY')).toBe(`/${'a'.repeat(64)}#k=KEY`);
    expect(pagePath('a'.repeat(64), null)).toBe(`/${'a'.repeat(64)}`);
  });
});
