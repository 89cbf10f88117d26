/**
 * The viewer document's script (npm run build:viewer bundles it into
 * public/viewer/): React and the viewer's components, without Next's runtime,
 * so a shared link's first load carries no framework but React. The early
 * start has already asked for the page; this hydrates the markup
 * tools/build-viewer.ts rendered ahead of time, and adopts the early start's
 * connection and want, as Next's pages do.
 */
import { hydrateRoot } from 'react-dom/client';
import { DEFAULT_PAGE_MAX_BYTES } from '../lib/limits';
import { PAGE_LIMIT_META_NAME, RELAY_META_NAME } from '../lib/web/relay-meta';
import { VIEWER_ROOT_ID } from './document-parts';
import { ViewerApp } from './ViewerApp';

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
const limit = Number(meta(PAGE_LIMIT_META_NAME));
const root = document.getElementById(VIEWER_ROOT_ID);

if (root) {
  hydrateRoot(
    root,
    <ViewerApp
      hash={window.location.pathname.slice(1)}
      realtimeUrl={meta(RELAY_META_NAME)}
      pageMaxBytes={Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PAGE_MAX_BYTES}
    />,
  );
}
