/**
 * The viewer document's script (npm run build:viewer bundles it into
 * public/viewer/): React and the viewer's components, without Next's runtime,
 * so a shared link's first load carries no framework but React. The early
 * start has already asked for the page; it loads this once it has shown the
 * page or knows it must wait (lib/client/early-start.ts), so React's work
 * does not hold the main thread while the page's bytes arrive.
 *
 * It renders rather than hydrates. The markup tools/build-viewer.ts rendered
 * ahead of time is the page before anything is known, while by now the early
 * start knows the page, the connection and the count: hydrating would draw
 * the unknown state, then redraw all of it. Started first, the relay client's
 * cache holds what the early start knows, and one render draws it, as a
 * transition.
 */
import { startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { loadMarkdownView } from '../components/markdown-loader';
import { startRealtime } from '../components/RealtimeProvider';
import { EARLY_TEXT_ID } from '../lib/client/early-text';
import { looksLikeMarkdown } from '../lib/client/page-text';
import { earlyTabRelay } from '../lib/client/tab-relay-handle';
import { DEFAULT_PAGE_MAX_BYTES } from '../lib/limits';
import { PAGE_LIMIT_META_NAME, RELAY_META_NAME } from '../lib/web/relay-meta';
import { VIEWER_ROOT_ID } from './document-parts';
import { ViewerApp } from './ViewerApp';

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
const limit = Number(meta(PAGE_LIMIT_META_NAME));
const container = document.getElementById(VIEWER_ROOT_ID);

/**
 * The early start has shown the page as plain text. If it is Markdown, the
 * renderer loads before the viewer takes over, so the page changes once, to
 * its rendered form, and nothing below it moves twice.
 */
async function rendererForEarlyText(): Promise<void> {
  const text = document.getElementById(EARLY_TEXT_ID)?.textContent;
  if (text && looksLikeMarkdown(text)) await loadMarkdownView().catch(() => {});
}

async function render(container: HTMLElement): Promise<void> {
  await rendererForEarlyText();
  const realtimeUrl = meta(RELAY_META_NAME);
  const pageMaxBytes = Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PAGE_MAX_BYTES;
  const tab = earlyTabRelay();
  const started = tab && startRealtime(tab, realtimeUrl, pageMaxBytes);
  // Says the app has taken over the markup (the browser tests check the order by it).
  container.setAttribute('data-app-started', '');
  const root = createRoot(container);
  // As a transition, the render yields to the browser every few milliseconds (socket events, input) instead of one long task.
  startTransition(() => {
    root.render(
      <ViewerApp
        hash={window.location.pathname.slice(1)}
        realtimeUrl={realtimeUrl}
        pageMaxBytes={pageMaxBytes}
        started={started}
      />,
    );
  });
}

if (container) void render(container);
