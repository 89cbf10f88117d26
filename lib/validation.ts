import { z } from 'zod';
import { isPageHash } from './hash';
import type { Failure, PageHash } from './protocol';

const pageRefShape = z.object({ hash: z.string() });
const watchRefShape = z.object({ hash: z.string(), watch: z.boolean() });

/** A failure acknowledgement. */
export function failure(error: Failure['error'], message: string): Failure {
  return { ok: false, error, message };
}

/**
 * Reads the `{ hash }` payload of `page:have`, `page:want` and `page:leave`.
 * A payload that is not such an object is `bad_request`; a hash that is not 64
 * lowercase hex characters is `bad_hash`.
 */
export function parsePageRef(payload: unknown): { ok: true; hash: PageHash } | Failure {
  const parsed = pageRefShape.safeParse(payload);
  if (!parsed.success) {
    return failure('bad_request', 'expected a payload of the form { hash: string }');
  }
  const { hash } = parsed.data;
  if (!isPageHash(hash)) {
    return failure('bad_hash', 'a page address is 64 lowercase hex characters (a SHA-256)');
  }
  return { ok: true, hash };
}

/** Reads the `{ hash, watch }` payload of `page:watch`, with the same codes as {@link parsePageRef}. */
export function parseWatchRef(payload: unknown): { ok: true; hash: PageHash; watch: boolean } | Failure {
  const parsed = watchRefShape.safeParse(payload);
  if (!parsed.success) return failure('bad_request', 'expected a payload of the form { hash: string, watch: boolean }');
  const ref = parsePageRef(payload);
  return ref.ok ? { ...ref, watch: parsed.data.watch } : ref;
}
