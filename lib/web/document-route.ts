import { isPageHash } from '../hash';

/** Where the viewer document is served from (app/viewer-document/[hash]/route.ts). */
export const VIEWER_DOCUMENT_PREFIX = '/viewer-document/';
/** Where the editor document is served from (app/editor-document/route.ts). */
export const EDITOR_DOCUMENT_PATH = '/editor-document';

/**
 * The path of the document served without Next's runtime for a browser
 * opening the editor or a page address, or null. A link opened, typed or
 * reloaded is a document request (Sec-Fetch-Dest: document; clients that send
 * no Sec-Fetch-Dest get it too). Next's own navigations from its pages (a
 * link home from its 404 page) are fetches, and keep Next's pages
 * (app/page.tsx, app/[hash]/page.tsx), so the tab's connection stays up. Next
 * hides its own RSC headers from proxy.ts, so they cannot tell.
 */
export function documentPathFor(request: {
  method: string;
  pathname: string;
  headers: Pick<Headers, 'get'>;
}): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const destination = request.headers.get('sec-fetch-dest');
  if (destination !== null && destination !== 'document') return null;
  if (request.pathname === '/') return EDITOR_DOCUMENT_PATH;
  const hash = request.pathname.slice(1);
  return isPageHash(hash) ? `${VIEWER_DOCUMENT_PREFIX}${hash}` : null;
}
