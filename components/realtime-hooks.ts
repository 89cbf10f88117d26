'use client';

import { useQuery } from '@tanstack/react-query';
import { queryKeys, type ConnectionState } from '../lib/client/query-keys';
import { useRealtime } from './RealtimeProvider';

/** Reads a value the socket listeners keep in the query cache; it is never fetched. */
function usePushed<T>(queryKey: readonly unknown[], fallback: T): T {
  const { data } = useQuery<T>({ queryKey, queryFn: () => fallback, enabled: false });
  return data ?? fallback;
}

export function useConnectionState(): ConnectionState {
  return usePushed<ConnectionState>(queryKeys.connection, 'connecting');
}

export function useHeldPages(): string[] {
  return usePushed<string[]>(queryKeys.held, []);
}

export function useHolders(hash: string): number | undefined {
  return usePushed<number | undefined>(queryKeys.holders(hash), undefined);
}

export function usePageNotice(hash: string): string | null {
  return usePushed<string | null>(queryKeys.notice(hash), null);
}

/** The page's verified bytes: from this tab's cache, or asked for through the relay until they arrive. */
export function usePage(hash: string) {
  const { relay } = useRealtime();
  return useQuery<Uint8Array>({
    queryKey: queryKeys.page(hash),
    queryFn: ({ signal }) => (relay ? relay.want(hash, signal) : Promise.reject(new Error('no connection in this context'))),
    enabled: relay !== null,
  });
}
