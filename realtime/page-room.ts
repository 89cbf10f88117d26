import type { EvictReason, PageHash } from '../lib/protocol';
import { CountThrottle } from './count-throttle';
import { HolderSet } from './holder-set';
import type { PeerId } from './peer';

/**
 * The little a page needs from the network. The page state never touches a
 * socket; the Socket.IO glue implements this, tests implement it with arrays.
 * None of these may call back into the room synchronously.
 */
export interface PageTransport {
  /** Asks one holder for the page; `answer` is called at most once, with whatever it replied. */
  request(holder: PeerId, hash: PageHash, answer: (reply: unknown) => void): void;
  /** Sends verified bytes to each of these visitors, once. */
  deliver(visitors: readonly PeerId[], hash: PageHash, bytes: Uint8Array): void;
  /** Broadcasts the page's holder count to its holders and visitors. */
  publishHolders(hash: PageHash, holders: number): void;
  /** Tells a holder it was dropped from the page, and stops routing the page to it. */
  evict(holder: PeerId, hash: PageHash, reason: EvictReason): void;
}

/** What the room reports for metrics. */
export interface RelayStats {
  requestSent(): void;
  relayed(bytes: number, visitors: number): void;
  verificationFailed(): void;
  timedOut(): void;
  evicted(reason: EvictReason): void;
}

export interface RelaySettings {
  pageMaxBytes: number;
  requestTimeoutMs: number;
  hedgeMs: number;
  holdersIntervalMs: number;
}

export interface PageRoomDeps {
  transport: PageTransport;
  settings: RelaySettings;
  stats: RelayStats;
  /** True when these bytes hash to this address. */
  verify: (hash: PageHash, bytes: Uint8Array) => boolean;
  /** Called once the room has nobody and nothing left to do, so it can be dropped. */
  onIdle: (room: PageRoom) => void;
}

/** Outcome of a `have`: an evicted connection is not taken back. */
export type HaveResult = 'holding' | 'evicted';

interface Outstanding {
  timeout: ReturnType<typeof setTimeout>;
}

/**
 * One page's relay state: its holders, the visitors waiting for it, the one
 * outstanding request (plus at most one hedge) that serves all of them, and the
 * throttled holder count.
 */
export class PageRoom {
  private readonly holders = new HolderSet();
  private readonly visitors = new Set<PeerId>();
  private readonly asked = new Map<PeerId, Outstanding>();
  private readonly evicted = new Set<PeerId>();
  private hedge: ReturnType<typeof setTimeout> | undefined;
  private readonly counts: CountThrottle;

  constructor(
    readonly hash: PageHash,
    private readonly deps: PageRoomDeps,
  ) {
    this.counts = new CountThrottle(
      deps.settings.holdersIntervalMs,
      () => deps.transport.publishHolders(hash, this.holders.size),
      () => this.idleCheck(),
    );
  }

  get holderCount(): number {
    return this.holders.size;
  }

  get visitorCount(): number {
    return this.visitors.size;
  }

  /** Requests to holders now awaiting an answer: never more than two. */
  get outstandingRequests(): number {
    return this.asked.size;
  }

  /** `peer` holds the page. Idempotent. A waiting room asks a new holder at once. */
  have(peer: PeerId): HaveResult {
    if (this.evicted.has(peer)) return 'evicted';
    // A visitor that announces the page got it elsewhere: stop asking for it.
    if (this.visitors.delete(peer) && this.visitors.size === 0) this.cancelRequests();
    if (this.holders.add(peer)) this.counts.changed();
    if (this.visitors.size > 0 && this.asked.size === 0) this.ask(peer);
    return 'holding';
  }

  /** `peer` waits for the page; it joins the outstanding request if there is one. */
  want(peer: PeerId): void {
    this.visitors.add(peer);
    if (this.asked.size === 0) this.askNext();
  }

  /** `peer` stops holding and wanting the page (leave or disconnect). */
  leave(peer: PeerId): void {
    this.visitors.delete(peer);
    this.dropHolder(peer);
    if (this.visitors.size === 0) this.cancelRequests();
    this.idleCheck();
  }

  /** Stops every timer; the room is dead after this. */
  dispose(): void {
    this.cancelRequests();
    this.counts.dispose();
  }

  private dropHolder(peer: PeerId): void {
    if (!this.holders.remove(peer)) return;
    this.counts.changed();
    const pending = this.asked.get(peer);
    if (pending) {
      // Socket.IO never fails an ack when the socket closes: without this the
      // visitors would sit out the hedge or the timeout.
      clearTimeout(pending.timeout);
      this.asked.delete(peer);
      this.continueAfterFailure();
    }
  }

  private askNext(): void {
    if (this.visitors.size === 0) return;
    const holder = this.holders.pick((p) => this.asked.has(p) || this.visitors.has(p));
    if (holder !== undefined) this.ask(holder);
  }

  private ask(holder: PeerId): void {
    const { settings, stats, transport } = this.deps;
    const entry: Outstanding = {
      timeout: setTimeout(() => this.onTimeout(holder, entry), settings.requestTimeoutMs),
    };
    this.asked.set(holder, entry);
    if (this.asked.size === 1 && this.hedge === undefined) {
      this.hedge = setTimeout(() => this.onHedge(), settings.hedgeMs);
    }
    stats.requestSent();
    transport.request(holder, this.hash, (reply) => this.onAnswer(holder, entry, reply));
  }

  private onHedge(): void {
    this.hedge = undefined;
    if (this.asked.size === 1) this.askNext();
  }

  private onTimeout(holder: PeerId, entry: Outstanding): void {
    if (this.asked.get(holder) !== entry) return;
    this.asked.delete(holder);
    this.deps.stats.timedOut();
    this.evict(holder, 'timeout');
    this.continueAfterFailure();
  }

  private onAnswer(holder: PeerId, entry: Outstanding, reply: unknown): void {
    // A late answer (after a timeout, or after another holder already served) is dropped.
    if (this.asked.get(holder) !== entry) return;
    clearTimeout(entry.timeout);
    this.asked.delete(holder);

    const verdict = this.judge(reply);
    if (verdict === 'gone') {
      this.dropHolder(holder);
    } else if (verdict === 'bad_bytes' || verdict === 'too_large') {
      this.deps.stats.verificationFailed();
      this.evict(holder, verdict);
    } else {
      this.serve(verdict);
      return;
    }
    this.continueAfterFailure();
  }

  private judge(reply: unknown): Uint8Array | 'gone' | 'bad_bytes' | 'too_large' {
    if (typeof reply !== 'object' || reply === null) return 'bad_bytes';
    const { ok, bytes } = reply as { ok?: unknown; bytes?: unknown };
    if (ok === false) return 'gone';
    if (ok !== true || !(bytes instanceof Uint8Array)) return 'bad_bytes';
    if (bytes.byteLength > this.deps.settings.pageMaxBytes) return 'too_large';
    return this.deps.verify(this.hash, bytes) ? bytes : 'bad_bytes';
  }

  private serve(bytes: Uint8Array): void {
    const visitors = [...this.visitors];
    this.visitors.clear();
    this.cancelRequests();
    if (visitors.length > 0) {
      this.deps.transport.deliver(visitors, this.hash, bytes);
      this.deps.stats.relayed(bytes.byteLength, visitors.length);
    }
    this.idleCheck();
  }

  private evict(holder: PeerId, reason: EvictReason): void {
    this.evicted.add(holder);
    this.deps.stats.evicted(reason);
    this.deps.transport.evict(holder, this.hash, reason);
    this.dropHolder(holder);
  }

  /** After a failed or lost request: ask the next holder unless one is still being asked. */
  private continueAfterFailure(): void {
    if (this.asked.size === 0) {
      this.clearHedge();
      this.askNext();
    }
  }

  private cancelRequests(): void {
    for (const { timeout } of this.asked.values()) clearTimeout(timeout);
    this.asked.clear();
    this.clearHedge();
  }

  private clearHedge(): void {
    if (this.hedge) clearTimeout(this.hedge);
    this.hedge = undefined;
  }

  private idleCheck(): void {
    // Wait out a due trailing count so the last change still reaches the room.
    if (this.holders.size === 0 && this.visitors.size === 0 && !this.counts.busy) {
      this.dispose();
      this.deps.onIdle(this);
    }
  }
}
