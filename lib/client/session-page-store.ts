import type { HeldPageStore } from '../relay-client';
import { decodeHeldPages, encodeHeldPages } from './held-pages-codec';

const STORAGE_KEY = 'ephemeral-p2p:held-pages';

const NO_PAGES = encodeHeldPages([]);

/** Whether the tab's session storage keeps pages it held (it was reloaded, or came from another of the app's documents). */
export function storesHeldPages(storage: Pick<Storage, 'getItem'>): boolean {
  const stored = storage.getItem(STORAGE_KEY);
  return stored !== null && stored !== NO_PAGES;
}

/**
 * A tab's held pages in its session storage: they survive a reload of the tab,
 * not its closing. Saving throws past the browser's quota; the client says so.
 */
export function sessionPageStore(storage: Pick<Storage, 'getItem' | 'setItem'>): HeldPageStore {
  return {
    load: () => decodeHeldPages(storage.getItem(STORAGE_KEY)),
    save: (pages) => storage.setItem(STORAGE_KEY, encodeHeldPages(pages)),
  };
}
