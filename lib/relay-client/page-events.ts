import { sha256Hex } from '../hash';
import type { PageHash, RequestAnswer } from '../protocol';
import type { RelayClientEvents } from './client-events';
import type { Emit } from './emitter';
import { badBytes } from './errors';
import { contentOf, countOf, evictionOf, hashOf } from './inbound';
import type { PageBook } from './page-book';

/**
 * What the relay sends about pages, each payload checked (inbound.ts) before
 * it touches a record: a relay is whatever a link's app names.
 */
export class PageEvents {
  constructor(
    private readonly book: PageBook,
    private readonly options: {
      /** The largest page taken from the relay: bytes over it are dropped before they are hashed. */
      maxPageBytes: number;
      /** Holds verified bytes that a caller wanted to keep. */
      hold: (hash: PageHash, bytes: Uint8Array) => void;
      emit: Emit<RelayClientEvents>;
    },
  ) {}

  readonly request = (payload: unknown, answer: unknown) => {
    const hash = hashOf(payload);
    if (hash === null || typeof answer !== 'function') return;
    const held = this.book.held(hash);
    (answer as (res: RequestAnswer) => void)(held ? { ok: true, bytes: held.bytes } : { ok: false });
    this.options.emit('request', { hash, served: held !== undefined });
  };

  readonly content = async (payload: unknown) => {
    // Unasked, mistyped or oversized: dropped before hashing (a want still waits for real bytes).
    const content = contentOf(payload, this.options.maxPageBytes);
    const arriving = content && this.book.arrive(content.hash);
    if (!content || !arriving) return;
    const { hash, bytes } = content;
    const verified = (await sha256Hex(bytes)) === hash;
    // Held meanwhile (shared here): its callers were answered then.
    if (this.book.get(hash) !== arriving) return;
    if (!verified) this.book.settle(hash, { error: badBytes() });
    else if ([...arriving.waiters].some((waiter) => waiter.hold)) this.options.hold(hash, bytes);
    else this.book.settle(hash, { bytes });
  };

  readonly holders = (payload: unknown) => {
    const count = countOf(payload);
    if (count) this.book.count(count.hash, count.holders);
  };

  readonly sole = (payload: unknown) => {
    const hash = hashOf(payload);
    if (hash !== null) this.book.setSole(hash, (payload as { sole?: unknown }).sole === true);
  };

  readonly evicted = (payload: unknown) => {
    const notice = evictionOf(payload);
    if (notice) this.book.release(notice.hash, { state: 'evicted', reason: notice.reason });
  };
}
