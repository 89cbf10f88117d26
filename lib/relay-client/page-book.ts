import type { PageHash } from '../protocol';
import type { RelayClientEvents } from './client-events';
import type { Emit } from './emitter';
import type { RelayError } from './errors';
import type { ArrivingRecord, HeldRecord, PageRecord } from './page-record';
import type { HoldStatus } from './status';
import type { HeldPage } from './store';
import type { Waiter } from './waiter';

/**
 * Every page this client holds or wants, one record each. Each change to a
 * record is made here and told to the listeners once the record is
 * consistent; it speaks to no relay (the client does that).
 */
export class PageBook {
  private readonly records = new Map<PageHash, PageRecord>();

  constructor(
    private readonly emit: Emit<RelayClientEvents>,
    /** Called when the held pages or their keys change, so they can be stored. */
    private readonly heldChanged: () => void,
  ) {}

  get(hash: PageHash): PageRecord | undefined {
    return this.records.get(hash);
  }

  held(hash: PageHash): HeldRecord | undefined {
    const record = this.records.get(hash);
    return record?.state === 'held' ? record : undefined;
  }

  /** Addresses of the pages in `state`, in the order they came to it. */
  hashes(state: PageRecord['state']): PageHash[] {
    return [...this.records].filter(([, record]) => record.state === state).map(([hash]) => hash);
  }

  /** The held pages, as a store keeps them. */
  heldPages(): HeldPage[] {
    return this.hashes('held').map((hash) => this.heldPage(hash)!);
  }

  heldPage(hash: PageHash): HeldPage | undefined {
    const record = this.held(hash);
    return record && { hash, bytes: record.bytes, ...(record.key ? { key: record.key } : {}) };
  }

  /** Holds verified bytes (announcing) and answers whoever waited for them; a page held already is left as it is. */
  hold(hash: PageHash, bytes: Uint8Array, key: string | undefined): void {
    const before = this.records.get(hash);
    if (before?.state === 'held') return;
    const hold = { state: 'announcing' } as const;
    // Held pages are listed in the order they were taken, not wanted.
    this.records.delete(hash);
    this.records.set(hash, {
      state: 'held',
      bytes,
      ...(key ? { key } : {}),
      hold,
      holders: before?.holders,
      sole: false,
    });
    for (const waiter of before?.waiters ?? []) waiter.resolve(bytes);
    this.emit('hold', { hash, status: hold });
    this.heldChanged();
  }

  /** Lets go of a held page, saying why. */
  release(hash: PageHash, status: HoldStatus): void {
    const record = this.held(hash);
    if (!record) return;
    this.records.delete(hash);
    if (record.sole) this.emit('sole', { hash, sole: false });
    this.heldChanged();
    this.emit('hold', { hash, status });
  }

  setKey(hash: PageHash, key: string): void {
    const record = this.held(hash);
    if (!record || record.key === key) return;
    record.key = key;
    this.heldChanged();
  }

  setHold(hash: PageHash, hold: HeldRecord['hold']): void {
    const record = this.held(hash);
    if (!record) return;
    record.hold = hold;
    this.emit('hold', { hash, status: hold });
  }

  /** The relay forgets a connection's pages when it drops: none is acknowledged any more. */
  unannounce(): void {
    for (const hash of this.hashes('held')) {
      if (this.held(hash)?.hold.state === 'holding') this.setHold(hash, { state: 'announcing' });
    }
  }

  /** A count for a page held or wanted here; one for a page let go of is dropped, never brought back. */
  count(hash: PageHash, holders: number): void {
    const record = this.records.get(hash);
    if (!record) return;
    record.holders = holders;
    if (record.state === 'held') this.setSole(hash, holders === 1);
    this.emit('holders', { hash, holders });
  }

  /** Whether this client is the only holder of a page it holds, as far as the relay said. */
  setSole(hash: PageHash, sole: boolean): void {
    const record = this.held(hash);
    if (!record || record.sole === sole) return;
    record.sole = sole;
    this.emit('sole', { hash, sole });
  }

  /** Adds a caller to a page's wait; true when the page was not wanted yet, so the relay must be asked. */
  wait(hash: PageHash, waiter: Waiter): boolean {
    const record = this.records.get(hash);
    if (record?.state === 'held') waiter.resolve(record.bytes);
    else if (record) record.waiters.add(waiter);
    else this.records.set(hash, { state: 'wanted', waiters: new Set([waiter]) });
    return !record;
  }

  /**
   * Takes a caller out of a page's wait with `error`; true when it was the
   * last and the page is no longer wanted, so the relay should be told.
   */
  stopWaiting(hash: PageHash, waiter: Waiter, error: RelayError): boolean {
    const record = this.records.get(hash);
    if (!record || record.state === 'held' || !record.waiters.delete(waiter)) return false;
    waiter.reject(error);
    // Arriving bytes were sent already: their record goes once they are hashed.
    if (record.waiters.size > 0 || record.state === 'arriving') return false;
    this.records.delete(hash);
    return true;
  }

  /** The bytes came for a wanted page: its record while they are verified, or undefined if it was not waiting. */
  arrive(hash: PageHash): ArrivingRecord | undefined {
    const record = this.records.get(hash);
    if (record?.state !== 'wanted') return undefined;
    const arriving: ArrivingRecord = { ...record, state: 'arriving' };
    this.records.set(hash, arriving);
    return arriving;
  }

  /** Ends a page's wait without holding it: each caller gets the bytes, or the error. */
  settle(hash: PageHash, outcome: { bytes: Uint8Array } | { error: RelayError }): void {
    const record = this.records.get(hash);
    if (!record || record.state === 'held') return;
    this.records.delete(hash);
    for (const waiter of record.waiters) {
      if ('bytes' in outcome) waiter.resolve(outcome.bytes);
      else waiter.reject(outcome.error);
    }
  }
}
