'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createContext,
  startTransition,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { onFirstUse } from '../lib/client/first-use';
import { PageRelay } from '../lib/client/page-relay';
import { queryKeys } from '../lib/client/query-keys';
import { takeInAppNavigation } from '../lib/client/in-app-navigation';
import { storesHeldPages } from '../lib/client/session-page-store';
import type { TabRelay } from '../lib/client/tab-relay-handle';
import type { ConnectionStatus } from '../lib/relay-client';

interface RealtimeContextValue {
  /** Null while rendering on the server, where there is no socket, and until Next's pages need a client (see {@link RealtimeProvider}). */
  relay: PageRelay | null;
  pageMaxBytes: number;
  /** The relay client, loaded and started now if the page had not needed it yet. */
  loadRelay: () => Promise<PageRelay>;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        // Page data is content-addressed and connection data is pushed: nothing goes stale.
        staleTime: Infinity,
        gcTime: Infinity,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
    },
  });
  client.setQueryData<ConnectionStatus>(queryKeys.connection, { state: 'connecting' });
  client.setQueryData<string[]>(queryKeys.held, []);
  return client;
}

function createRelay(tab: TabRelay, queries: QueryClient, configuredUrl: string, maxPageBytes: number): PageRelay {
  // The client the early start opened before React ran, or a new one.
  return new PageRelay(tab.tabRelayClient(configuredUrl, maxPageBytes), queries, { takeEarlyWant: tab.takeEarlyWant });
}

/** A relay client and its query cache, started before React renders: see {@link startRealtime}. */
export interface StartedRealtime {
  queries: QueryClient;
  relay: PageRelay;
}

/**
 * Starts the tab's relay client from the early start's handle, before React
 * renders (the viewer document): the first render then already shows what
 * the early start knows (the page, the connection, the count). Started from
 * an effect instead, each of those would arrive after the first render as an
 * update React runs synchronously, all in one long task.
 */
export function startRealtime(tab: TabRelay, realtimeUrl: string, pageMaxBytes: number): StartedRealtime {
  const queries = createQueryClient();
  const relay = createRelay(tab, queries, realtimeUrl, pageMaxBytes);
  relay.start();
  return { queries, relay };
}

export interface RealtimeProviderProps {
  realtimeUrl: string;
  pageMaxBytes: number;
  /** Started by the host before rendering, which owns it from then on; otherwise the provider starts its own. */
  started?: StartedRealtime;
  /**
   * The provider's own client waits for the page's first use (Next's pages,
   * which open no page at load); otherwise it loads at once (the viewer, whose
   * page is wanted at load).
   */
  loadAtFirstUse?: boolean;
  children: ReactNode;
}

/**
 * The tab's one relay client and query cache. The client does the protocol;
 * {@link PageRelay} writes what it reports into the cache; components only read the cache.
 *
 * With `loadAtFirstUse` (Next's pages: the editor) the client loads when the
 * tab first needs it: at once if it holds pages from before (a reload, or the
 * viewer document it came from), otherwise at the first sign the person is
 * using the page, and at the latest when they press Share. A look at the
 * editor costs no connection, and its first load no relay client.
 */
export function RealtimeProvider(props: RealtimeProviderProps) {
  const { realtimeUrl, pageMaxBytes, loadAtFirstUse = false } = props;
  const [queries] = useState(() => props.started?.queries ?? createQueryClient());
  const [relay, setRelay] = useState(() => props.started?.relay ?? null);
  const loading = useRef<Promise<PageRelay> | null>(null);
  const stopOwn = useRef<(() => void) | null>(null);

  const loadRelay = useCallback((): Promise<PageRelay> => {
    if (relay) return Promise.resolve(relay);
    loading.current ??= import('../lib/client/tab-relay').then(
      (tab) => {
        const created = createRelay(tab, queries, realtimeUrl, pageMaxBytes);
        stopOwn.current = created.start();
        // Every reader of the context renders again: as a transition, in slices, not one long task.
        startTransition(() => setRelay(created));
        return created;
      },
      (error: unknown) => {
        loading.current = null;
        throw error;
      },
    );
    return loading.current;
  }, [relay, queries, realtimeUrl, pageMaxBytes]);

  useEffect(() => {
    if (relay) return;
    if (!loadAtFirstUse || storesHeldPages(window.sessionStorage)) {
      void loadRelay();
      return;
    }
    return onFirstUse(window, () => void loadRelay());
  }, [relay, loadRelay, loadAtFirstUse]);

  // Started here only when made here: a client the host started is the host's.
  useEffect(() => () => stopOwn.current?.(), []);

  useEffect(() => {
    if (!relay) return;
    // A hidden tab stops watching its counts; shown again, it gets them at once.
    const followVisibility = () => relay.setVisible(document.visibilityState === 'visible');
    followVisibility();
    document.addEventListener('visibilitychange', followVisibility);
    return () => document.removeEventListener('visibilitychange', followVisibility);
  }, [relay]);

  useEffect(() => {
    if (!relay) return;
    const warnBeforeLosingAPage = (event: BeforeUnloadEvent) => {
      if (takeInAppNavigation() || !relay.isLastHolderOfAny()) return;
      event.preventDefault();
      // Browsers show their own wording; older ones show this.
      event.returnValue = 'This tab is the last one holding a page. If you leave, the page will be gone.';
    };
    window.addEventListener('beforeunload', warnBeforeLosingAPage);
    return () => window.removeEventListener('beforeunload', warnBeforeLosingAPage);
  }, [relay]);

  return (
    <QueryClientProvider client={queries}>
      <RealtimeContext.Provider value={{ relay, pageMaxBytes, loadRelay }}>{props.children}</RealtimeContext.Provider>
    </QueryClientProvider>
  );
}

export function useRealtime(): RealtimeContextValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime must be used inside <RealtimeProvider>');
  return value;
}
