import { isPageHash } from '../lib/hash';

/** A screen of the documents without Next's runtime: the editor (`/`) or a page address (`/<hash>`). */
export type Screen = { editor: true } | { hash: string };

/**
 * The screen a path names, or null for a path these documents do not show.
 * Apart from the app's components: viewer/main.tsx reads it before it loads them.
 */
export function screenAt(path: string): Screen | null {
  if (path === '/') return { editor: true };
  const hash = path.slice(1);
  return isPageHash(hash) ? { hash } : null;
}
