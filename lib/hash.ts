import type { PageBytes, PageHash } from './protocol';

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** True for a page address: 64 lowercase hex characters. */
export function isPageHash(value: unknown): value is PageHash {
  return typeof value === 'string' && HASH_PATTERN.test(value);
}

/**
 * A view of page bytes as a Uint8Array, without copying. Anything else throws
 * a TypeError rather than reaching `new Uint8Array(n)`, which would allocate
 * n bytes for a number a peer chose.
 */
export function asUint8Array(bytes: PageBytes): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new TypeError('page bytes must be a Uint8Array or an ArrayBuffer');
}

/** A text page's bytes: its UTF-8 encoding. */
export function textToBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Lowercase hex SHA-256. WebCrypto where it exists; `crypto.subtle` is missing
 * outside secure contexts (plain http on a LAN address), so fall back to
 * @noble/hashes there, loaded only then (it is ESM-only, and rarely needed).
 */
export async function sha256Hex(bytes: PageBytes): Promise<PageHash> {
  const view = asUint8Array(bytes);
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = await subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
    return toHex(new Uint8Array(digest));
  }
  const { sha256 } = await import('@noble/hashes/sha2.js');
  return toHex(sha256(view));
}
