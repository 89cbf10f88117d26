import type { HeldPageStore } from '../relay-client';
import { decodeHeldPages, encodeHeldPages } from './held-pages-codec';

const STORAGE_KEY = 'ephemeral-p2p:held-pages';

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
