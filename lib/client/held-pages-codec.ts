import { isPageHash } from '../hash';
import type { HeldPage } from '../relay-client';
import { base64ToBytes, bytesToBase64 } from './base64';

const VERSION = 1;

/** The sessionStorage form of the pages a tab holds, so they survive a reload. */
export function encodeHeldPages(pages: readonly HeldPage[]): string {
  return JSON.stringify({
    v: VERSION,
    pages: pages.map(({ hash, bytes, key }) => ({ hash, bytes: bytesToBase64(bytes), ...(key ? { key } : {}) })),
  });
}

/**
 * The pages stored by {@link encodeHeldPages}. Anything unreadable is skipped
 * rather than thrown: a damaged entry must not stop the tab from starting.
 * The caller still checks each page's hash before serving it.
 */
export function decodeHeldPages(stored: string | null): HeldPage[] {
  if (!stored) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const { v, pages } = parsed as { v?: unknown; pages?: unknown };
  if (v !== VERSION || !Array.isArray(pages)) return [];
  const result: HeldPage[] = [];
  for (const entry of pages) {
    const { hash, bytes, key } = (entry ?? {}) as { hash?: unknown; bytes?: unknown; key?: unknown };
    if (!isPageHash(hash) || typeof bytes !== 'string') continue;
    try {
      result.push({ hash, bytes: base64ToBytes(bytes), ...(typeof key === 'string' ? { key } : {}) });
    } catch {
      // Not base64: skip this page, keep the others.
    }
  }
  return result;
}
