/**
 * Where npm run build:viewer (tools/build-viewer.ts) leaves the viewer
 * document's parts for the server, relative to the project's root (and
 * traced into the server's bundle, next.config.js).
 */
export const VIEWER_BUILD_FILE = 'viewer/.built/viewer.json';
