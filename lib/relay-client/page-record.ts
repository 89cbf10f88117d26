import type { HoldStatus } from './status';
import type { Waiter } from './waiter';

/**
 * All the client knows of one page, in the one state the page is in. The
 * relay's count lives in the record, so it goes with the page; only a held
 * page can have this client as its only holder. A page in no state has no
 * record: refused, evicted and released are what a held page's record says
 * as it goes, not states it stays in.
 */
export type PageRecord = HeldRecord | WantedRecord | ArrivingRecord;

/** Held here: served on `page:request` and announced on every connection. */
export interface HeldRecord {
  state: 'held';
  /** Opaque: a private page's are sealed. */
  bytes: Uint8Array;
  /** A private page's link key, kept so its link still works after a reload. */
  key?: string;
  hold: Extract<HoldStatus, { state: 'announcing' | 'holding' }>;
  holders?: number;
  /** The relay said this client is the page's only holder. */
  sole: boolean;
}

/** Wanted here and not arrived: `page:want` is sent on every connection until it does. */
export interface WantedRecord {
  state: 'wanted';
  waiters: Set<Waiter>;
  holders?: number;
}

/**
 * The relay sent the bytes of a wanted page and they are being hashed: a
 * second copy is not hashed as well, callers who want the page meanwhile join
 * the wait, and it is not wanted again on a reconnect (the relay sends a
 * connection a page once).
 */
export interface ArrivingRecord {
  state: 'arriving';
  waiters: Set<Waiter>;
  holders?: number;
}
