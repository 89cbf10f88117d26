import { isPageHash } from '../lib/hash';
import { decodePageKey, keyFromFragment, pagePath, PrivatePageError } from '../lib/client/private-page';
import type { PageHash } from '../lib/protocol';
import { usageError } from './errors';

/** A page's link as the browser shows it: `<app origin>/<hash>`, plus `#k=<key>` for a private page. */
export interface PageLink {
  /** The web app's origin, which serves `/api/config`. */
  origin: string;
  hash: PageHash;
  /** The private page's key as it appears in the link, or null for a link without one. */
  key: string | null;
}

const EXAMPLE = 'https://app.example/<64 hex characters>';

/** Reads an http(s) URL given on the command line, or throws a usage error saying what `what` should be. */
export function parseHttpUrl(text: string, what: string): URL {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // Reported below.
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw usageError(`${what} must be an http(s) URL such as http://localhost:3000, got "${text}"`);
  }
  return url;
}

/**
 * Reads a page link. Throws a usage error for anything that is not one, and
 * for a `#k=` that is not a well-formed key (the page is not needed to know that).
 */
export function parsePageLink(text: string): PageLink {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // Reported below.
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw usageError(`"${text}" is not a page link: expected ${EXAMPLE}`);
  }
  const hash = url.pathname.slice(1);
  if (!isPageHash(hash)) {
    throw usageError(
      `"${text}" is not a page address: the path must be / and 64 lowercase hex characters, as in ${EXAMPLE}`,
    );
  }
  const key = keyFromFragment(url.hash);
  if (key !== null) {
    try {
      decodePageKey(key);
    } catch (error) {
      if (error instanceof PrivatePageError) throw usageError(error.message);
      throw error;
    }
  }
  return { origin: url.origin, hash, key };
}

/** The full link to a page on the app at `origin`, in the browser's format. */
export function formatPageLink(origin: string, hash: PageHash, key: string | null): string {
  return `${origin}${pagePath(hash, key)}`;
}
