import { VIEWER_ROOT_ID } from '../../viewer/document-parts';
import { CARD_IMAGE, SITE_NAME } from './page-card';
import { PAGE_LIMIT_META_NAME, RELAY_META_NAME } from './relay-meta';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]);

export const meta = (key: 'name' | 'property', name: string, content: string | number) =>
  `<meta ${key}="${name}" content="${escapeHtml(String(content))}">`;

/** A screen's markup rendered ahead of time, its leading `<title>` apart: that belongs in the head. */
export function splitTitle(markup: string): { title: string; body: string } {
  const titleEnd = markup.startsWith('<title>') ? markup.indexOf('</title>') + '</title>'.length : 0;
  return { title: markup.slice(0, titleEnd), body: markup.slice(titleEnd) };
}

/** What every document served without Next's runtime tells the browser, per request. */
export interface DocumentRequest {
  nonce: string;
  /** The relay's address for this request, as app/layout.tsx gives Next's pages. */
  realtime: string;
  pageMaxBytes: number;
  /** The request's public origin, for the card's image; null when it cannot be told. */
  origin: string | null;
}

/**
 * The head both documents share: the viewport, the icon, the relay's address
 * and page limit for the app, and the stylesheet inline, so the markup paints
 * with the first response.
 */
export function sharedHead(css: string, request: DocumentRequest): string {
  return [
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">',
    meta('name', 'referrer', 'no-referrer'),
    // A raster icon: an SVG one is drawn on the page's main thread while it loads (18 ms in a trace here).
    '<link rel="icon" href="/favicon.ico" sizes="48x48">',
    meta('name', RELAY_META_NAME, request.realtime),
    meta('name', PAGE_LIMIT_META_NAME, request.pageMaxBytes),
    `<style nonce="${escapeHtml(request.nonce)}">${css}</style>`,
  ].join('');
}

/** A link preview's tags for `card`, with its image on this origin (null: a relative address). */
export function cardTags(card: { title: string; description: string }, origin: string | null): string {
  const image = `${origin ?? ''}${CARD_IMAGE.url}`;
  return [
    meta('name', 'description', card.description),
    meta('property', 'og:type', 'website'),
    meta('property', 'og:site_name', SITE_NAME),
    meta('property', 'og:title', card.title),
    meta('property', 'og:description', card.description),
    meta('property', 'og:image', image),
    meta('property', 'og:image:width', CARD_IMAGE.width),
    meta('property', 'og:image:height', CARD_IMAGE.height),
    meta('property', 'og:image:alt', CARD_IMAGE.alt),
    meta('name', 'twitter:card', 'summary_large_image'),
    meta('name', 'twitter:title', card.title),
    meta('name', 'twitter:description', card.description),
    meta('name', 'twitter:image', image),
  ].join('');
}

/** The end of the head and the body: the markup, in the element the app renders into. */
export function documentBody(markup: string): string {
  return `</head><body class="min-h-screen antialiased"><div id="${VIEWER_ROOT_ID}">${markup}</div></body></html>`;
}
