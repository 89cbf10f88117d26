import { isPageHash } from '../hash';
import { ERROR_CODES, type Ack, type EvictReason, type HoldersAck, type PageHash } from '../protocol';

/**
 * Everything the relay sends is untrusted: a relay is whatever a link's app
 * names. These checks run before the client allocates, hashes or keeps
 * anything, so a mistyped or oversized payload is dropped, never a crash.
 */

/** Longest relay sentence kept: enough for any real refusal, too short to flood a status line. */
export const MAX_MESSAGE_LENGTH = 300;

const EVICT_REASONS: readonly EvictReason[] = ['bad_bytes', 'too_large', 'timeout'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A relay's sentence, shortened; what shows it strips control characters (lib/display-text.ts). */
export function relayMessage(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return value.length > MAX_MESSAGE_LENGTH ? `${value.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : value;
}

/**
 * Page bytes as a Uint8Array view (no copy), or null unless they are bytes
 * (a Buffer in Node, an ArrayBuffer in a browser) of at most `maxBytes`.
 * Never `new Uint8Array(n)` on a number a relay chose.
 */
export function pageBytesOf(value: unknown, maxBytes: number): Uint8Array | null {
  if (value instanceof Uint8Array) return value.byteLength <= maxBytes ? value : null;
  if (value instanceof ArrayBuffer) return value.byteLength <= maxBytes ? new Uint8Array(value) : null;
  return null;
}

/** The page address of a `{ hash }` payload, or null. */
export function hashOf(payload: unknown): PageHash | null {
  return isRecord(payload) && isPageHash(payload.hash) ? payload.hash : null;
}

/** An acknowledgement carrying a holder count (page:have, page:want, page:watch), or null when malformed. */
export function holdersAckOf(res: unknown): Ack<HoldersAck> | null {
  if (!isRecord(res)) return null;
  if (res.ok === true) return isCount(res.holders) ? { ok: true, holders: res.holders } : null;
  if (res.ok !== false) return null;
  const message = relayMessage(res.message);
  if (message === null) return null;
  // An unknown code still means "refused": keep the relay's sentence under the generic code.
  const error = ERROR_CODES.find((code) => code === res.error) ?? 'bad_request';
  return { ok: false, error, message };
}

/** A `page:content` payload: null unless it names an address and carries bytes within the limit. */
export function contentOf(payload: unknown, maxBytes: number): { hash: PageHash; bytes: Uint8Array } | null {
  const hash = hashOf(payload);
  if (hash === null) return null;
  const bytes = pageBytesOf((payload as { bytes?: unknown }).bytes, maxBytes);
  return bytes && { hash, bytes };
}

/** A `page:holders` payload, or null. */
export function countOf(payload: unknown): { hash: PageHash; holders: number } | null {
  const hash = hashOf(payload);
  const holders = (payload as { holders?: unknown } | null)?.holders;
  return hash !== null && isCount(holders) ? { hash, holders } : null;
}

/** A `page:evicted` payload, or null (an unknown reason included: the protocol names every reason). */
export function evictionOf(payload: unknown): { hash: PageHash; reason: EvictReason } | null {
  const hash = hashOf(payload);
  const reason = EVICT_REASONS.find((r) => r === (payload as { reason?: unknown } | null)?.reason);
  return hash !== null && reason ? { hash, reason } : null;
}
