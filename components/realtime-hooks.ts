'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { decodePageKey, isSealedPage, openPage } from '../lib/client/private-page';
import { queryKeys } from '../lib/client/query-keys';
import type { ConnectionStatus, HoldStatus } from '../lib/relay-client';
import { useRealtime } from './RealtimeProvider';

/** Reads a value the relay client's events keep in the query cache; it is never fetched. */
function usePushed<T>(queryKey: readonly unknown[], fallback: T): T {
  const { data } = useQuery<T>({ queryKey, queryFn: () => fallback, enabled: false });
  return data ?? fallback;
}

const CONNECTING: ConnectionStatus = { state: 'connecting' };

/** Where the tab's connection to the relay stands, with the relay's reason when it refused. */
export function useConnectionStatus(): ConnectionStatus {
  return usePushed<ConnectionStatus>(queryKeys.connection, CONNECTING);
}

export type ConnectionState = 'connecting' | 'connected' | 'offline';

/** The connection in three words: anything but connecting or connected is offline. */
export function useConnectionState(): ConnectionState {
  const { state } = useConnectionStatus();
  return state === 'connecting' || state === 'connected' ? state : 'offline';
}

/** Where a page this tab holds (or held) stands with the relay. */
export function useHoldStatus(hash: string): HoldStatus | undefined {
  return usePushed<HoldStatus | undefined>(queryKeys.holdStatus(hash), undefined);
}

export function useHeldPages(): string[] {
  return usePushed<string[]>(queryKeys.held, []);
}

export function useHolders(hash: string): number | undefined {
  return usePushed<number | undefined>(queryKeys.holders(hash), undefined);
}

/** The page's live count, for a component that shows it: watched on the relay while the tab is visible. */
export function useShownHolders(hash: string): number | undefined {
  const { relay } = useRealtime();
  useEffect(() => relay?.show(hash), [relay, hash]);
  return useHolders(hash);
}

export function usePageNotice(hash: string): string | null {
  return usePushed<string | null>(queryKeys.notice(hash), null);
}

/** The page's verified bytes: from this tab's cache, or asked for through the relay until they arrive. */
export function usePage(hash: string) {
  const { relay } = useRealtime();
  return useQuery<Uint8Array>({
    queryKey: queryKeys.page(hash),
    queryFn: ({ signal }) =>
      relay ? relay.want(hash, signal) : Promise.reject(new Error('no connection in this context')),
    enabled: relay !== null,
  });
}

/** The link key this tab keeps for a private page it created or opened. */
export function useRememberedKey(hash: string): string | undefined {
  return usePushed<string | undefined>(queryKeys.pageKey(hash), undefined);
}

/**
 * A verified page's readable bytes: a public page's own bytes, or a private
 * page's text decrypted with `key`. Fails with a PrivatePageError when the key
 * is missing or does not open it; sealed bytes are never shown as text.
 */
export function useOpenedPage(hash: string, bytes: Uint8Array | undefined, key: string | null) {
  const { relay } = useRealtime();
  return useQuery<Uint8Array>({
    queryKey: queryKeys.opened(hash, key),
    enabled: bytes !== undefined,
    // A public page is its own text: shown in the render its bytes arrive in, not one later.
    placeholderData: bytes && !isSealedPage(bytes) ? bytes : undefined,
    queryFn: async () => {
      if (!bytes) throw new Error('The page has not arrived yet.');
      if (!isSealedPage(bytes)) return bytes;
      const text = await openPage(bytes, key === null ? null : decodePageKey(key));
      // This key opens the page: keep it so this tab's links to the page, and a reload, still can.
      if (key) relay?.rememberKey(hash, key);
      return text;
    },
  });
}
