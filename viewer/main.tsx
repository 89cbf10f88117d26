/**
 * The viewer document's script (npm run build:viewer bundles it into
 * public/viewer/): React and the viewer's components, without Next's runtime,
 * so a shared link's first load carries no framework but React. The early
 * start has already asked for the page; this hydrates the markup
 * tools/build-viewer.ts rendered ahead of time, and adopts the early start's
 * connection and want, as Next's pages do. The early start loads it once it
 * has shown the page or knows it must wait (lib/client/early-start.ts): React's
 * work would otherwise hold the main thread while the page's bytes arrive.
 */
import { startTransition } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { loadMarkdownView } from '../components/markdown-loader';
import { EARLY_TEXT_ID } from '../lib/client/early-text';
import { looksLikeMarkdown } from '../lib/client/page-text';
import { DEFAULT_PAGE_MAX_BYTES } from '../lib/limits';
import { PAGE_LIMIT_META_NAME, RELAY_META_NAME } from '../lib/web/relay-meta';
import { VIEWER_ROOT_ID } from './document-parts';
import { ViewerApp } from './ViewerApp';

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
const limit = Number(meta(PAGE_LIMIT_META_NAME));
const root = document.getElementById(VIEWER_ROOT_ID);

/**
 * The early start has shown the page as plain text. If it is Markdown, the
 * renderer loads before the viewer takes over, so the page changes once, to
 * its rendered form, and nothing below it moves twice.
 */
async function rendererForEarlyText(): Promise<void> {
  const text = document.getElementById(EARLY_TEXT_ID)?.textContent;
  if (text && looksLikeMarkdown(text)) await loadMarkdownView().catch(() => {});
}

async function hydrate(root: HTMLElement): Promise<void> {
  await rendererForEarlyText();
  // As a transition, hydration yields to the browser every few milliseconds (socket events, input) instead of one long task.
  startTransition(() => {
    hydrateRoot(
      root,
      <ViewerApp
        hash={window.location.pathname.slice(1)}
        realtimeUrl={meta(RELAY_META_NAME)}
        pageMaxBytes={Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PAGE_MAX_BYTES}
      />,
    );
  });
}

if (root) void hydrate(root);
