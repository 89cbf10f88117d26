import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLACEHOLDER_HASH, VIEWER_BUILD_FILE, VIEWER_ROOT_ID, type ViewerBuild } from '../../viewer/document-parts';
import { CARD_IMAGE, PAGE_CARD, SITE_NAME } from './page-card';
import { PAGE_LIMIT_META_NAME, RELAY_META_NAME, VIEWER_SCRIPT_META_NAME } from './relay-meta';

let built: ViewerBuild | undefined;

/** Why a shared link cannot be opened: the deployment was built without `npm run build`. */
export class ViewerNotBuiltError extends Error {}

/**
 * The parts npm run build:viewer left: read once per process, or on every
 * request under `next dev`, where its `--watch` rewrites them on each change.
 */
export function readViewerBuild(): ViewerBuild {
  // Traced into the deployment by next.config.js's outputFileTracingIncludes, not by the bundler.
  const file = join(/* turbopackIgnore: true */ process.cwd(), VIEWER_BUILD_FILE);
  try {
    if (process.env.NODE_ENV === 'development') built = undefined;
    built ??= JSON.parse(readFileSync(file, 'utf8')) as ViewerBuild;
  } catch (error) {
    // The cause (a path on this server) goes to the log only.
    console.error(`${VIEWER_BUILD_FILE}: ${(error as Error).message}`);
    throw new ViewerNotBuiltError(
      `The viewer document is not built: build with "npm run build", which runs "npm run build:viewer", not "next build" alone.`,
    );
  }
  return built;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]);

const meta = (key: 'name' | 'property', name: string, content: string | number) =>
  `<meta ${key}="${name}" content="${escape(String(content))}">`;

/** The generic card of every page address, with its image on this origin (null: a relative address). */
function cardTags(origin: string | null): string {
  const image = `${origin ?? ''}${CARD_IMAGE.url}`;
  return [
    meta('name', 'description', PAGE_CARD.description),
    meta('name', 'robots', 'noindex, nofollow'),
    meta('property', 'og:type', 'website'),
    meta('property', 'og:site_name', SITE_NAME),
    meta('property', 'og:title', PAGE_CARD.title),
    meta('property', 'og:description', PAGE_CARD.description),
    meta('property', 'og:image', image),
    meta('property', 'og:image:width', CARD_IMAGE.width),
    meta('property', 'og:image:height', CARD_IMAGE.height),
    meta('property', 'og:image:alt', CARD_IMAGE.alt),
    meta('name', 'twitter:card', 'summary_large_image'),
    meta('name', 'twitter:title', PAGE_CARD.title),
    meta('name', 'twitter:description', PAGE_CARD.description),
    meta('name', 'twitter:image', image),
  ].join('');
}

export interface ViewerDocumentRequest {
  hash: string;
  nonce: string;
  /** The relay's address for this request, as app/layout.tsx gives Next's pages. */
  realtime: string;
  pageMaxBytes: number;
  /** The request's public origin, for the card's image; null when it cannot be told. */
  origin: string | null;
  /** The early start's script (app/early-start-src.ts). */
  earlyStartSrc: string;
}

/**
 * The document a shared link opens: the viewer's markup rendered ahead of
 * time and the stylesheet inline, so it paints with the first response, and
 * the early start, which opens the relay connection, asks for the page, shows
 * it, and only then loads React and the viewer (without Next's runtime): on a
 * slow link, the page's bytes do not share it with the app's. Nothing in it waits on the request but the
 * request's own values.
 */
export function viewerDocument(parts: ViewerBuild, request: ViewerDocumentRequest): string {
  const nonce = escape(request.nonce);
  // The prerendered <title> leads the markup: it belongs in the head.
  const titleEnd = parts.markup.startsWith('<title>') ? parts.markup.indexOf('</title>') + '</title>'.length : 0;
  const title = parts.markup.slice(0, titleEnd);
  const body = parts.markup.slice(titleEnd).replaceAll(PLACEHOLDER_HASH, request.hash);
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">',
    title,
    meta('name', 'referrer', 'no-referrer'),
    cardTags(request.origin),
    '<link rel="icon" href="/favicon.ico" sizes="48x48"><link rel="icon" href="/icon.svg" type="image/svg+xml">',
    meta('name', RELAY_META_NAME, request.realtime),
    meta('name', PAGE_LIMIT_META_NAME, request.pageMaxBytes),
    `<style nonce="${nonce}">${parts.css}</style>`,
    meta('name', VIEWER_SCRIPT_META_NAME, parts.script),
    // Deferred: the markup paints before any script has loaded. The early start loads the
    // viewer's script itself, once the page has shown (lib/client/early-start.ts).
    `<script defer src="${escape(request.earlyStartSrc)}" nonce="${nonce}"></script>`,
    `</head><body class="min-h-screen antialiased"><div id="${VIEWER_ROOT_ID}">${body}</div></body></html>`,
  ].join('');
}
