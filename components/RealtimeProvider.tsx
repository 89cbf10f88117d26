'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, startTransition, useContext, useEffect, useState, type ReactNode } from 'react';
import { PageRelay } from '../lib/client/page-relay';
import { queryKeys } from '../lib/client/query-keys';
import { takeInAppNavigation } from '../lib/client/in-app-navigation';
import type { TabRelay } from '../lib/client/tab-relay-handle';
import type { ConnectionStatus } from '../lib/relay-client';

interface RealtimeContextValue {
  /** Null while rendering on the server, where there is no socket, and while the app loads a client of its own. */
  relay: PageRelay | null;
  pageMaxBytes: number;
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
  children: ReactNode;
}

/**
 * The tab's one relay client and query cache. The client does the protocol;
 * {@link PageRelay} writes what it reports into the cache; components only read the cache.
 */
export function RealtimeProvider(props: RealtimeProviderProps) {
  const [queries] = useState(() => props.started?.queries ?? createQueryClient());
  const [relay, setRelay] = useState(() => props.started?.relay ?? null);
  const startedByHost = props.started !== undefined;

  useEffect(() => {
    if (relay) return;
    // Not started by the host (Next's pages, which have no early start; or the early start stood aside, lib/client/early-start.ts): the relay client loads with the app.
    let cancelled = false;
    void import('../lib/client/tab-relay').then((tab) => {
      if (cancelled) return;
      // Every reader of the context renders again: as a transition, in slices, not one long task.
      startTransition(() => setRelay(createRelay(tab, queries, props.realtimeUrl, props.pageMaxBytes)));
    });
    return () => {
      cancelled = true;
    };
  }, [relay, queries, props.realtimeUrl, props.pageMaxBytes]);

  useEffect(() => {
    if (!relay || startedByHost) return;
    // Started a task later: React's development mode mounts every effect twice,
    // and a socket opened and closed at once logs "WebSocket is closed before
    // the connection is established" on every load.
    let stop: (() => void) | undefined;
    const timer = setTimeout(() => {
      stop = relay.start();
    }, 0);
    return () => {
      clearTimeout(timer);
      stop?.();
    };
  }, [relay, startedByHost]);

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
      <RealtimeContext.Provider value={{ relay, pageMaxBytes: props.pageMaxBytes }}>
        {props.children}
      </RealtimeContext.Provider>
    </QueryClientProvider>
  );
}

export function useRealtime(): RealtimeContextValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime must be used inside <RealtimeProvider>');
  return value;
}
