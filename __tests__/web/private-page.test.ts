import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { textToBytes } from '../../lib/hash';
import { collidingCiphertext } from '../helpers/gcm-collision';
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
    expect(Array.from(a.subarray(0, 5))).toEqual([0xff, 0x50, 0x32, 0x50, 2]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('a wrong key is refused, never decrypted to garbage', async () => {
    const sealed = await sealPage(TEXT, generatePageKey());
    await expectProblem(openPage(sealed, generatePageKey()), 'wrong_key');
  });

  it('a missing key is reported as missing', async () => {
    await expectProblem(openPage(await sealPage(TEXT, generatePageKey()), null), 'missing_key');
  });

  it('any changed byte (nonce, commitment, ciphertext or tag) is refused', async () => {
    const key = generatePageKey();
    const sealed = await sealPage(TEXT, key);
    for (const offset of [5, 16, 17, 48, 49, 52, sealed.length - 1]) {
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
    sealed[4] = 3;
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

/** A version 1 page as the app sealed them before key commitment: the link's key is the AES key. */
function sealV1(text: Uint8Array, key: Uint8Array): Uint8Array {
  const header = Buffer.from([0xff, 0x50, 0x32, 0x50, 1, ...new Uint8Array(12).fill(7)]);
  const cipher = createCipheriv('aes-256-gcm', key, header.subarray(5)).setAAD(header);
  return Buffer.concat([header, cipher.update(text), cipher.final(), cipher.getAuthTag()]);
}

/** Version 2's AES key, derived as docs/private.md says. */
function v2AesKey(key: Uint8Array): Uint8Array {
  return Buffer.from(hkdfSync('sha256', key, new Uint8Array(0), 'ephemeral-p2p private page v2: encryption key', 32));
}

describe('key commitment (format version 2)', () => {
  it('a version 1 page still opens', async () => {
    const key = generatePageKey();
    expect(Buffer.from(await openPage(sealV1(TEXT, key), key))).toEqual(Buffer.from(TEXT));
  });

  it('version 1 commits to no key: one crafted page opens under two keys, to two texts', async () => {
    const [k1, k2] = [generatePageKey(), generatePageKey()];
    const header = Buffer.from([0xff, 0x50, 0x32, 0x50, 1, ...new Uint8Array(12).fill(9)]);
    const page = collidingCiphertext([k1, k2], header.subarray(5), header);
    const [a, b] = [await openPage(page, k1), await openPage(page, k2)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('version 2: the same crafted ciphertext, which GCM accepts under both keys, opens under the committed key only', async () => {
    const [k1, k2] = [generatePageKey(), generatePageKey()];
    // A real header for k1: its nonce and its commitment.
    const header = (await sealPage(TEXT, k1)).subarray(0, SEALED_OVERHEAD - 16);
    const page = collidingCiphertext([v2AesKey(k1), v2AesKey(k2)], header.subarray(5, 17), header);
    await expect(openPage(page, k1)).resolves.toHaveLength(32);
    // GCM itself accepts k2's derived key: only the commitment turns it away.
    const gcm = createDecipheriv('aes-256-gcm', v2AesKey(k2), header.subarray(5, 17)).setAAD(header);
    gcm.setAuthTag(page.subarray(page.length - 16));
    expect(() =>
      Buffer.concat([gcm.update(page.subarray(header.length, page.length - 16)), gcm.final()]),
    ).not.toThrow();
    await expectProblem(openPage(page, k2), 'wrong_key');
    // Nor can the author give k2's commitment instead: the header is GCM's AAD, so k1 then fails too.
    const k2Header = (await sealPage(TEXT, k2)).subarray(0, SEALED_OVERHEAD - 16);
    const swapped = Buffer.from(page);
    swapped.set(k2Header.subarray(17), 17);
    await expectProblem(openPage(swapped, k1), 'wrong_key');
  });
});
