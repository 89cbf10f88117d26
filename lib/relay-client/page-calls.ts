import type { Ack, HoldersAck, PageHash, PageRef, WatchRef } from '../protocol';
import type { RelayClientEvents } from './client-events';
import type { Emit } from './emitter';
import { RelayError } from './errors';
import { holdersAckOf } from './inbound';
import type { PageBook } from './page-book';
import type { RelaySocket } from './socket';

const DEFAULT_ACK_TIMEOUT_MS = 10_000;
const ignore = () => {};

/**
 * What the client tells the relay about its pages, and what it makes of the
 * answers. Each is sent only on a live connection: the relay forgets a
 * connection's pages when it drops, so the client tells the next one again.
 */
export class PageCalls {
  constructor(
    private readonly socket: RelaySocket,
    private readonly book: PageBook,
    private readonly options: {
      /** How long a call may go unacknowledged on a live connection. */
      ackTimeoutMs?: number;
      /** Whether this program shows the page's count: then it is watched once held. */
      isWatched: (hash: PageHash) => boolean;
      emit: Emit<RelayClientEvents>;
    },
  ) {}

  /** `page:have`: holding once acknowledged, let go of if refused. */
  have(hash: PageHash): void {
    this.call('page:have', { hash }, (res) => {
      if (!this.book.held(hash)) return;
      if (!res.ok) return this.book.release(hash, { state: 'refused', error: res.error, message: res.message });
      // The fresh count first: whoever reads the count once the page is holding must not get the last connection's.
      this.book.count(hash, res.holders);
      this.book.setHold(hash, { state: 'holding' });
      if (this.options.isWatched(hash)) this.watch(hash, true);
    });
  }

  /** `page:want`: the count once acknowledged; a refusal ends the wait with the relay's reason. */
  want(hash: PageHash): void {
    this.call('page:want', { hash }, (res) => {
      if (this.book.get(hash)?.state !== 'wanted') return;
      if (res.ok) this.book.count(hash, res.holders);
      else this.book.settle(hash, { error: new RelayError(res.error, res.message) });
    });
  }

  /** `page:watch` for a held page: every change of its count comes while it is on. */
  watch(hash: PageHash, on: boolean): void {
    this.call('page:watch', { hash, watch: on }, (res) => {
      if (res.ok && this.book.held(hash)?.hold.state === 'holding') this.book.count(hash, res.holders);
    });
  }

  /** `page:leave`, whose answer changes nothing here. */
  leave(hash: PageHash): void {
    if (this.socket.connected) this.socket.emit('page:leave', { hash }, ignore);
  }

  private call(
    event: 'page:have' | 'page:want' | 'page:watch',
    payload: PageRef | WatchRef,
    onAnswer: (res: Ack<HoldersAck>) => void,
  ): void {
    if (!this.socket.connected) return;
    this.socket.timeout(this.options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS).emit(event, payload, (err, answer) => {
      const res = holdersAckOf(answer);
      // No answer (or none that makes sense): nothing changes; the next connection asks again.
      if (err || !res) return;
      this.options.emit('ack', { event, hash: payload.hash, res });
      onAnswer(res);
    });
  }
}
