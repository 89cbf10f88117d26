import type { PageHash } from '../protocol';

/**
 * A page held here: its address, its bytes (opaque: a private page's are
 * sealed) and, for a private page, the link key that opens it, kept so its
 * link still works after a reload.
 */
export interface HeldPage {
  hash: PageHash;
  bytes: Uint8Array;
  key?: string;
}

/**
 * Where the held pages outlive the process: session storage in a browser tab,
 * memory in Node. What `load` returns is untrusted: the client re-verifies
 * every page's hash before holding it again.
 */
export interface HeldPageStore {
  load(): readonly HeldPage[] | Promise<readonly HeldPage[]>;
  /** Replaces what is stored; throws when it does not fit (a browser's storage quota). */
  save(pages: readonly HeldPage[]): void;
}

/** A store for Node programs and tests: survives a client, not the process. */
export function memoryPageStore(): HeldPageStore {
  let stored: readonly HeldPage[] = [];
  return {
    load: () => stored,
    save: (pages) => {
      stored = [...pages];
    },
  };
}
