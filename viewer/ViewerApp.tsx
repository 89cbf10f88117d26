import { useEffect, useState, type MouseEvent } from 'react';
import { AppChrome } from '../components/AppChrome';
import { AppLinkProvider, type RenderLink } from '../components/app-link';
import type { StartedRealtime } from '../components/RealtimeProvider';
import { ViewerScreen } from '../components/ViewerScreen';
import { isPageHash } from '../lib/hash';
import { markInAppNavigation } from '../lib/client/in-app-navigation';

/** The page address a path names, or null. */
function pathHash(path: string): string | null {
  const hash = path.slice(1);
  return isPageHash(hash) ? hash : null;
}

/** A click the browser should handle itself: a new tab or window, a download, another button. */
function isBrowserClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
}

/**
 * The viewer document's links. Another page address opens in this document,
 * keeping the relay connection; the editor is Next's page, so the tab loads
 * it, and its held pages come along (session storage), with no warning.
 */
function viewerLink(open: (hash: string) => void): RenderLink {
  return function ViewerLink({ onClick, ...props }) {
    return (
      <a
        {...props}
        onClick={(event) => {
          onClick?.(event);
          if (event.defaultPrevented || isBrowserClick(event)) return;
          const target = new URL(props.href, window.location.href);
          if (target.origin !== window.location.origin) return;
          const hash = pathHash(target.pathname);
          if (!hash) {
            markInAppNavigation();
            return;
          }
          event.preventDefault();
          window.history.pushState(null, '', target.href);
          open(hash);
        }}
      />
    );
  };
}

export interface ViewerSettings {
  hash: string;
  realtimeUrl: string;
  pageMaxBytes: number;
  /** The tab's relay client, started before the first render (viewer/main.tsx). */
  started?: StartedRealtime;
}

/** What the viewer document renders (and what tools/build-viewer.ts renders ahead of time, for its first paint). */
export function ViewerApp(settings: ViewerSettings) {
  const [hash, setHash] = useState(settings.hash);
  const [renderLink] = useState(() => viewerLink(setHash));
  useEffect(() => {
    const followHistory = () => {
      const shown = pathHash(window.location.pathname);
      if (shown) setHash(shown);
    };
    window.addEventListener('popstate', followHistory);
    return () => window.removeEventListener('popstate', followHistory);
  }, []);
  return (
    <AppLinkProvider value={renderLink}>
      <AppChrome realtimeUrl={settings.realtimeUrl} pageMaxBytes={settings.pageMaxBytes} started={settings.started}>
        <ViewerScreen hash={hash} />
      </AppChrome>
    </AppLinkProvider>
  );
}
