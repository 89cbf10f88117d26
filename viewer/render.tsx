import { startTransition } from 'react';
import type { createRoot, hydrateRoot } from 'react-dom/client';
import { startRealtime } from '../components/RealtimeProvider';
import { earlyTabRelay } from '../lib/client/tab-relay-handle';
import { metaContent, pageLimitFromMeta, RELAY_META_NAME } from '../lib/web/relay-meta';
import { DocumentApp } from './DocumentApp';
import type { Screen } from './screens';

/**
 * Starts the app in `container` (viewer/main.tsx says why this way).
 *
 * The viewer renders in place of its markup: the tab's relay client is started
 * first from the early start's handle, so that one render draws what the early
 * start knows (the page, the connection, the count), as a transition, which
 * yields to the browser every few milliseconds (socket events, input) instead
 * of being one long task.
 *
 * The editor hydrates its markup: nothing is known yet that the markup does
 * not show, and the person may have started typing in it.
 */
export function startDocument(
  container: HTMLElement,
  screen: Screen,
  renderer: { createRoot: typeof createRoot; hydrateRoot: typeof hydrateRoot },
): void {
  const realtimeUrl = metaContent(RELAY_META_NAME);
  const pageMaxBytes = pageLimitFromMeta();
  if ('editor' in screen) {
    startTransition(() => {
      renderer.hydrateRoot(
        container,
        <DocumentApp screen={screen} realtimeUrl={realtimeUrl} pageMaxBytes={pageMaxBytes} />,
      );
    });
    return;
  }
  const tab = earlyTabRelay();
  const started = tab && startRealtime(tab, realtimeUrl, pageMaxBytes);
  const root = renderer.createRoot(container);
  startTransition(() => {
    root.render(
      <DocumentApp screen={screen} realtimeUrl={realtimeUrl} pageMaxBytes={pageMaxBytes} started={started} />,
    );
  });
}
