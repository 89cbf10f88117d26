import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLACEHOLDER_HASH, VIEWER_BUILD_FILE, type ViewerBuild } from '../../viewer/document-parts';
import {
  cardTags,
  documentBody,
  escapeHtml,
  meta,
  sharedHead,
  splitTitle,
  type DocumentRequest,
} from './document-head';
import { PAGE_CARD } from './page-card';
import { VIEWER_SCRIPT_META_NAME } from './relay-meta';

let built: ViewerBuild | undefined;

/** Why the editor or a shared link cannot be opened: the deployment was built without `npm run build`. */
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
      `The editor and viewer documents are not built: build with "npm run build", which runs "npm run build:viewer", not "next build" alone.`,
    );
  }
  return built;
}

export interface ViewerDocumentRequest extends DocumentRequest {
  hash: string;
  /** The early start's script (app/early-start-src.ts). */
  earlyStartSrc: string;
}

/**
 * The document a shared link opens: the early start, which opens the relay
 * connection, asks for the page, shows it, and only then loads React and the
 * viewer (without Next's runtime), so on a slow link the page's bytes do not
 * share it with the app's; and the viewer's markup rendered ahead of time,
 * with the stylesheet inline, so it paints with the first response. Nothing
 * in it waits on the request but the request's own values.
 */
export function viewerDocument(parts: ViewerBuild, request: ViewerDocumentRequest): string {
  const nonce = escapeHtml(request.nonce);
  const { title, body } = splitTitle(parts.markup);
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    title,
    cardTags(PAGE_CARD, request.origin),
    // A page address goes dead when its last holder leaves.
    meta('name', 'robots', 'noindex, nofollow'),
    sharedHead(parts.css, request),
    meta('name', VIEWER_SCRIPT_META_NAME, parts.script),
    // Run as the parser reaches it, ahead of the body: the socket opens before anything is
    // drawn, and its evaluation is over before the first paint, not in the middle of the
    // page's first second (Lighthouse /<hash>: 94 -> 98, blocking time 293 -> 140 ms; time to
    // text unchanged). Its address is immutable: a returning visitor has it at once. It loads
    // the viewer's script itself, once the page has shown (lib/client/early-start.ts).
    `<script src="${escapeHtml(request.earlyStartSrc)}" nonce="${nonce}"></script>`,
    documentBody(body.replaceAll(PLACEHOLDER_HASH, request.hash)),
  ].join('');
}
