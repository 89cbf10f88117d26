import { formatBytes, formatCount } from '../client/format-bytes';
import { PLACEHOLDER_PAGE_LIMIT, type ViewerBuild } from '../../viewer/document-parts';
import { cardTags, documentBody, escapeHtml, sharedHead, splitTitle, type DocumentRequest } from './document-head';
import { SITE_DESCRIPTION, SITE_NAME } from './page-card';

/**
 * Loads the app's script once the markup's first frame has been painted, so
 * its download and evaluation come after the editor is on screen, not before
 * it; a hidden tab paints no frames, so a timer stands in. Added by this
 * nonce'd script, the module needs no nonce of its own (the CSP's
 * 'strict-dynamic').
 */
function loaderScript(src: string): string {
  // JSON is a JavaScript string literal; escaping "<" keeps "</script>" out of it.
  const url = JSON.stringify(src).replaceAll('<', '\\u003c');
  return (
    `(function(){var done=false;function load(){if(done)return;done=true;` +
    `var s=document.createElement('script');s.type='module';s.src=${url};document.head.append(s)}` +
    `requestAnimationFrame(function(){setTimeout(load,0)});setTimeout(load,100)})()`
  );
}

/** The editor's markup with the deployment's page limit where the build's placeholder stands. */
function withPageLimit(markup: string, pageMaxBytes: number): string {
  return markup
    .replaceAll(formatCount(PLACEHOLDER_PAGE_LIMIT), formatCount(pageMaxBytes))
    .replaceAll(formatBytes(PLACEHOLDER_PAGE_LIMIT), formatBytes(pageMaxBytes));
}

/**
 * The document a browser opening `/` gets: the editor's markup rendered
 * ahead of time and the stylesheet inline, so it paints with the first
 * response (one can start typing at once), then React and the app (without
 * Next's runtime), which take over the markup and what was typed in it. The
 * same script as the viewer document's: Share opens the page in place, on the
 * same connection.
 */
export function editorDocument(parts: ViewerBuild, request: DocumentRequest): string {
  const { title, body } = splitTitle(parts.editorMarkup);
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    title,
    cardTags({ title: SITE_NAME, description: SITE_DESCRIPTION }, request.origin),
    sharedHead(parts.css, request),
    `<script nonce="${escapeHtml(request.nonce)}">${loaderScript(parts.script)}</script>`,
    documentBody(withPageLimit(body, request.pageMaxBytes)),
  ].join('');
}
