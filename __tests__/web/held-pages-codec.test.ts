import { decodeHeldPages, encodeHeldPages } from '../../lib/client/held-pages-codec';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

describe('held pages codec', () => {
  it('round-trips opaque bytes, including ones that are not UTF-8', () => {
    const pages = [
      { hash: HASH_A, bytes: new Uint8Array([0, 255, 128, 10, 13]) },
      { hash: HASH_B, bytes: new TextEncoder().encode('héllo ✓') },
    ];
    expect(decodeHeldPages(encodeHeldPages(pages))).toEqual(pages);
  });

  it('keeps the link key of a private page', () => {
    const pages = [
      { hash: HASH_A, bytes: new Uint8Array([0xff, 1]), key: 'k'.repeat(43) },
      { hash: HASH_B, bytes: new Uint8Array([2]) },
    ];
    expect(decodeHeldPages(encodeHeldPages(pages))).toEqual(pages);
  });

  it('round-trips a page larger than one encoding chunk', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(decodeHeldPages(encodeHeldPages([{ hash: HASH_A, bytes }]))[0].bytes).toEqual(bytes);
  });

  it('reads nothing from missing or damaged storage', () => {
    expect(decodeHeldPages(null)).toEqual([]);
    expect(decodeHeldPages('not json')).toEqual([]);
    expect(decodeHeldPages('{"v":2,"pages":[]}')).toEqual([]);
    expect(decodeHeldPages('[1,2]')).toEqual([]);
  });

  it('skips bad entries and keeps the good ones', () => {
    const stored = JSON.stringify({
      v: 1,
      pages: [
        { hash: 'not-a-hash', bytes: 'AAAA' },
        { hash: HASH_A, bytes: '***' },
        null,
        { hash: HASH_B, bytes: 'aGk=' },
      ],
    });
    expect(decodeHeldPages(stored)).toEqual([{ hash: HASH_B, bytes: new TextEncoder().encode('hi') }]);
  });
});
