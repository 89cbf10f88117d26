'use client';

import { Announcer } from './Announcer';
import { AppLink } from './app-link';
import { ConnectionBanner } from './ConnectionBanner';
import { RealtimeProvider, type RealtimeProviderProps } from './RealtimeProvider';

/**
 * Everything around a screen: the skip link, the tab's relay connection, the
 * live region, the connection banner and the header. The same in Next's
 * layout (app/layout.tsx) and in the viewer document (viewer/), so a page
 * looks the same whichever host opened it.
 */
export function AppChrome(props: RealtimeProviderProps) {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-3 focus:font-semibold focus:text-sky-800 focus:shadow-lg dark:focus:bg-slate-900 dark:focus:text-sky-300"
      >
        Skip to content
      </a>
      <RealtimeProvider
        realtimeUrl={props.realtimeUrl}
        pageMaxBytes={props.pageMaxBytes}
        started={props.started}
        loadAtFirstUse={props.loadAtFirstUse}
      >
        <Announcer>
          <ConnectionBanner />
          <div className="mx-auto flex max-w-4xl flex-col gap-4 px-4 py-3 sm:gap-6 sm:py-10">
            <header className="flex flex-wrap items-baseline justify-between gap-2">
              <AppLink
                href="/"
                className="inline-flex min-h-11 items-center text-xl font-semibold tracking-tight hover:underline"
              >
                Ephemeral&nbsp;P2P
              </AppLink>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                Pages live only in the tabs that hold them. The server stores nothing.
              </p>
            </header>
            <main id="main" tabIndex={-1} className="flex flex-col gap-4 focus:outline-none sm:gap-6">
              {props.children}
            </main>
          </div>
        </Announcer>
      </RealtimeProvider>
    </>
  );
}
