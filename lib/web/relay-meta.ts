// What the server tells the browser's early start (lib/client/tab-relay.ts),
// kept apart from realtime-url.ts so the early start's script carries none of the server's checks.
import { DEFAULT_PAGE_MAX_BYTES } from '../limits';

/** The `<meta name>` that tells the browser's early start where the relay is (app/layout.tsx). */
export const RELAY_META_NAME = 'ephemeral-relay';
/** The `<meta name>` that gives the early start the page limit its client enforces. */
export const PAGE_LIMIT_META_NAME = 'ephemeral-page-max-bytes';
/** The `<meta name>` that names the documents' app script, which the early start and the editor's loader add once the page has painted. */
export const VIEWER_SCRIPT_META_NAME = 'ephemeral-viewer-script';

/** In the browser: the content of this document's `<meta name>`, or '' when it has none. */
export function metaContent(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
}

/** In the browser: the page limit the server gave, or the default when it gave none that is valid. */
export function pageLimitFromMeta(): number {
  const limit = Number(metaContent(PAGE_LIMIT_META_NAME));
  return Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PAGE_MAX_BYTES;
}

/** The URL the browser's socket connects to: the address (realtime-url.ts), with the page's scheme when it has none. */
export function resolveRealtimeUrl(address: string, page: { protocol: string }): string {
  return address.startsWith('//') ? `${page.protocol}${address}` : address;
}
