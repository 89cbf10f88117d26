import { createHash } from 'node:crypto';
import type { PageHash } from '../../lib/protocol';

/**
 * True when `bytes` hash to `hash`. Node's native SHA-256, synchronously, so
 * the relay state never changes between an answer and its verdict.
 */
export function bytesMatchHash(hash: PageHash, bytes: Uint8Array): boolean {
  return createHash('sha256').update(bytes).digest('hex') === hash;
}
