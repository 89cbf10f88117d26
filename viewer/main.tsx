/**
 * The script of the documents served without Next's runtime (npm run
 * build:viewer bundles it into public/viewer/): React and the app's
 * components, so a shared link's or the editor's first load carries no
 * framework but React. In the viewer document, the early start has already
 * asked for the page; it loads this once it has shown the page or knows it
 * must wait (lib/client/early-start.ts), so React's work does not hold the
 * main thread while the page's bytes arrive. The editor document loads it
 * once its markup has painted (lib/web/editor-document.ts).
 *
 * The viewer renders rather than hydrates. The markup tools/build-viewer.ts
 * rendered ahead of time is the page before anything is known, while by now
 * the early start knows the page, the connection and the count: hydrating
 * would draw the unknown state, then redraw all of it. Started first, the
 * relay client's cache holds what the early start knows, and one render draws
 * it, as a transition (viewer/render.tsx). The editor hydrates: its markup is
 * all there is to know, and keeps what the person typed in it meanwhile.
 */
import { loadMarkdownView } from '../components/markdown-loader';
import { EARLY_TEXT_ID } from '../lib/client/early-text';
import { looksLikeMarkdown } from '../lib/client/page-text';
import { VIEWER_ROOT_ID } from './document-parts';
import { screenAt, type Screen } from './screens';

/**
 * The early start has shown the page as plain text. If it is Markdown, the
 * renderer loads before the viewer takes over, so the page changes once, to
 * its rendered form, and nothing below it moves twice.
 */
async function rendererForEarlyText(): Promise<void> {
  const text = document.getElementById(EARLY_TEXT_ID)?.textContent;
  if (text && looksLikeMarkdown(text)) await loadMarkdownView().catch(() => {});
}

async function start(container: HTMLElement, screen: Screen): Promise<void> {
  // React's DOM renderer and the viewer are imported side by side, so each
  // is evaluated in a task of its own: as one script they held the main
  // thread for one long task.
  const [renderer, { startDocument }] = await Promise.all([
    import('./dom-renderer'),
    import('./render'),
    rendererForEarlyText(),
  ]);
  // Says the app has taken over the markup (the browser tests check the order by it).
  container.setAttribute('data-app-started', '');
  startDocument(container, screen, renderer);
}

const container = document.getElementById(VIEWER_ROOT_ID);
const screen = screenAt(window.location.pathname);
if (container && screen) void start(container, screen);
