import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import { AppChrome } from '../components/AppChrome';
import { AppNavigationProvider, type AppNavigation } from '../components/app-link';
import { EditorScreen } from '../components/EditorScreen';
import type { StartedRealtime } from '../components/RealtimeProvider';
import { ViewerScreen } from '../components/ViewerScreen';
import { markInAppNavigation } from '../lib/client/in-app-navigation';
import { screenAt, type Screen } from './screens';

/** A click the browser should handle itself: a new tab or window, a download, another button. */
function isBrowserClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
}

/**
 * This document's navigation: the editor and every page address open in
 * place, keeping the relay connection; any other address of the app is
 * Next's page, so the tab loads it, and its held pages come along (session
 * storage), with no warning.
 */
function documentNavigation(show: (screen: Screen) => void): AppNavigation {
  const go = (href: string): boolean => {
    const target = new URL(href, window.location.href);
    const screen = target.origin === window.location.origin ? screenAt(target.pathname) : null;
    if (!screen) return false;
    window.history.pushState(null, '', target.href);
    show(screen);
    return true;
  };
  return {
    link: function DocumentLink({ onClick, ...props }) {
      return (
        <a
          {...props}
          onClick={(event) => {
            onClick?.(event);
            if (event.defaultPrevented || isBrowserClick(event)) return;
            if (go(props.href)) event.preventDefault();
            else if (new URL(props.href, window.location.href).origin === window.location.origin) markInAppNavigation();
          }}
        />
      );
    },
    navigate: (href) => {
      if (go(href)) return;
      markInAppNavigation();
      window.location.assign(href);
    },
  };
}

export interface DocumentSettings {
  screen: Screen;
  realtimeUrl: string;
  pageMaxBytes: number;
  /** The tab's relay client, started before the first render (viewer/main.tsx). */
  started?: StartedRealtime;
}

/**
 * What the documents served without Next's runtime render (and what
 * tools/build-viewer.ts renders ahead of time, for their first paint): the
 * editor and the viewer, with the app's chrome around them.
 */
export function DocumentApp(settings: DocumentSettings) {
  const [screen, setScreen] = useState(settings.screen);
  const navigation = useMemo(() => documentNavigation(setScreen), []);
  useEffect(() => {
    const followHistory = () => {
      const shown = screenAt(window.location.pathname);
      if (shown) setScreen(shown);
    };
    window.addEventListener('popstate', followHistory);
    return () => window.removeEventListener('popstate', followHistory);
  }, []);
  const onEditor = 'editor' in screen;
  return (
    <AppNavigationProvider value={navigation}>
      <AppChrome
        realtimeUrl={settings.realtimeUrl}
        pageMaxBytes={settings.pageMaxBytes}
        started={settings.started}
        // The editor opens no page at load: its connection waits for the first use.
        loadAtFirstUse={onEditor}
      >
        {onEditor ? (
          <>
            <title>Ephemeral P2P</title>
            <EditorScreen />
          </>
        ) : (
          <ViewerScreen hash={screen.hash} />
        )}
      </AppChrome>
    </AppNavigationProvider>
  );
}
