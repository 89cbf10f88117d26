import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { PageBytes, PageHash } from './protocol';

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** True for a page address: 64 lowercase hex characters. */
export function isPageHash(value: unknown): value is PageHash {
  return typeof value === 'string' && HASH_PATTERN.test(value);
}

/** A view of page bytes as a Uint8Array, without copying. */
export function asUint8Array(bytes: PageBytes): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

/** A text page's bytes: its UTF-8 encoding. */
export function textToBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/**
 * Lowercase hex SHA-256. WebCrypto where it exists; `crypto.subtle` is missing
 * outside secure contexts (plain http on a LAN address), so fall back to
 * @noble/hashes there.
 */
export async function sha256Hex(bytes: PageBytes): Promise<PageHash> {
  const view = asUint8Array(bytes);
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = await subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
    return bytesToHex(new Uint8Array(digest));
  }
  return bytesToHex(sha256(view));
}
