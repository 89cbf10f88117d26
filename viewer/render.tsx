import { startTransition } from 'react';
import type { Root } from 'react-dom/client';
import { startRealtime } from '../components/RealtimeProvider';
import { earlyTabRelay } from '../lib/client/tab-relay-handle';
import { metaContent, pageLimitFromMeta, RELAY_META_NAME } from '../lib/web/relay-meta';
import { ViewerApp } from './ViewerApp';

/**
 * Starts the tab's relay client from the early start's handle, then renders
 * the viewer into `root` with what it already knows (viewer/main.tsx says why
 * in that order), as a transition: the render yields to the browser every few
 * milliseconds (socket events, input) instead of being one long task.
 */
export function renderViewer(root: Root): void {
  const realtimeUrl = metaContent(RELAY_META_NAME);
  const pageMaxBytes = pageLimitFromMeta();
  const tab = earlyTabRelay();
  const started = tab && startRealtime(tab, realtimeUrl, pageMaxBytes);
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
