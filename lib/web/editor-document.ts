import { formatBytes, formatCount } from '../client/format-bytes';
import { PLACEHOLDER_PAGE_LIMIT, type ViewerBuild } from '../../viewer/document-parts';
import {
  cardTags,
  documentBody,
  escapeHtml,
  meta,
  sharedHead,
  splitTitle,
  type DocumentRequest,
} from './document-head';
import { SITE_DESCRIPTION, SITE_NAME } from './page-card';
import { VIEWER_SCRIPT_META_NAME } from './relay-meta';

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
    meta('name', VIEWER_SCRIPT_META_NAME, parts.script),
    // Inline, nonce'd: it adds the app's script once this markup has painted (lib/client/app-script.ts).
    `<script nonce="${escapeHtml(request.nonce)}">${parts.editorStart}</script>`,
    documentBody(withPageLimit(body, request.pageMaxBytes)),
  ].join('');
}
