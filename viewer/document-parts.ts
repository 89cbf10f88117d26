/**
 * Where npm run build:viewer (tools/build-viewer.ts) leaves the viewer
 * document's parts for the server, relative to the project's root (traced
 * into the server's bundle by next.config.js).
 */
export const VIEWER_BUILD_FILE = 'viewer/.built/viewer.json';

/** The element the viewer document's markup sits in, and the app renders into. */
export const VIEWER_ROOT_ID = 'app';

/**
 * The address the markup is rendered for at build time (tools/build-viewer.ts):
 * the server writes the requested one in its place (lib/web/viewer-document.ts).
 */
export const PLACEHOLDER_HASH = 'f'.repeat(64);

/**
 * The page limit the editor's markup is rendered for at build time: the
 * server writes the deployment's in its place (lib/web/editor-document.ts).
 * Odd enough that its figures appear nowhere else in the markup.
 */
export const PLACEHOLDER_PAGE_LIMIT = 987_654_321;

/** What tools/build-viewer.ts leaves for the server: the script's address, the editor's loader, the stylesheet and each screen's markup. */
export interface ViewerBuild {
  script: string;
  /** The editor document's inline script (lib/client/editor-start.ts, bundled), which loads `script`. */
  editorStart: string;
  css: string;
  /** The viewer's, for {@link PLACEHOLDER_HASH}. */
  markup: string;
  /** The editor's, for {@link PLACEHOLDER_PAGE_LIMIT}. */
  editorMarkup: string;
}
