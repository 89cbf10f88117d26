import type { PageHash } from '../../lib/protocol';

/** What a holder's answer to a page request is worth: the verified bytes, or why not. */
export type AnswerVerdict = Uint8Array | 'gone' | 'bad_bytes' | 'too_large';

/**
 * Judges a holder's answer, whatever shape it came in (page content is
 * untrusted): `gone` when the holder says it no longer has the page.
 */
export function judgeAnswer(
  reply: unknown,
  hash: PageHash,
  pageMaxBytes: number,
  verify: (hash: PageHash, bytes: Uint8Array) => boolean,
): AnswerVerdict {
  if (typeof reply !== 'object' || reply === null) return 'bad_bytes';
  const { ok, bytes } = reply as { ok?: unknown; bytes?: unknown };
  if (ok === false) return 'gone';
  if (ok !== true || !(bytes instanceof Uint8Array)) return 'bad_bytes';
  if (bytes.byteLength > pageMaxBytes) return 'too_large';
  return verify(hash, bytes) ? bytes : 'bad_bytes';
}
