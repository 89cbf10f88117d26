import type { EvictReason, PageHash, RequestAnswer } from '../../lib/protocol';
import { CountThrottle } from './count-throttle';
import { HolderSet } from './holder-set';
import { isNodePeer, nodePeer, type NodeId, type PeerId } from './peer';

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
  /**
   * Broadcasts the page's holder count (cluster-wide) to its holders and
   * visitors here, and this node's own count to the other nodes.
   */
  publishHolders(hash: PageHash, holders: number, localHolders: number): void;
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
  /** Holder counts of this page on other nodes (empty when running alone). */
  remoteHolders: (hash: PageHash) => ReadonlyMap<NodeId, number>;
}

interface Outstanding {
  timeout: ReturnType<typeof setTimeout>;
}

/**
 * One page's relay state on one node: its local holders, the visitors waiting
 * for it (here, and other nodes fetching through this one), the one outstanding
 * request (plus at most one hedge) that serves all of them, and the throttled
 * holder count.
 *
 * Holders are local connections first; another node holding the page is asked
 * (as the peer `nodePeer(id)`) only when no local holder is left to try.
 */
export class PageRoom {
  private readonly holders = new HolderSet();
  private readonly visitors = new Set<PeerId>();
  /** Other nodes fetching the page through this one; served only from local holders. */
  private remoteWaiters: ((answer: RequestAnswer) => void)[] = [];
  /** Nodes that failed to serve since the page was last served. */
  private readonly failedNodes = new Set<PeerId>();
  private readonly asked = new Map<PeerId, Outstanding>();
  private hedge: ReturnType<typeof setTimeout> | undefined;
  private readonly counts: CountThrottle;

  constructor(
    readonly hash: PageHash,
    private readonly deps: PageRoomDeps,
  ) {
    this.counts = new CountThrottle(
      deps.settings.holdersIntervalMs,
      () => deps.transport.publishHolders(hash, this.holderCount, this.holders.size),
      () => this.idleCheck(),
    );
  }

  /** Holders of the page in the whole cluster. */
  get holderCount(): number {
    let total = this.holders.size;
    for (const count of this.deps.remoteHolders(this.hash).values()) total += count;
    return total;
  }

  get localHolderCount(): number {
    return this.holders.size;
  }

  get visitorCount(): number {
    return this.visitors.size;
  }

  /** Requests to holders now awaiting an answer: never more than two. */
  get outstandingRequests(): number {
    return this.asked.size;
  }

  /**
   * `peer` holds the page. Idempotent. A waiting room asks a new holder at once.
   * Whether a connection may hold the page (it was not evicted from it) is the
   * connection's bookkeeping, checked before this.
   */
  have(peer: PeerId): void {
    // A visitor that announces the page got it elsewhere: stop asking for it.
    if (this.visitors.delete(peer) && !this.waiting) this.cancelRequests();
    if (this.holders.add(peer)) this.counts.changed();
    if (this.waiting && this.asked.size === 0) this.ask(peer);
  }

  /**
   * `peer` waits for the page; it joins the outstanding request if there is one.
   * A holder of the page never becomes its visitor (it would wait on itself):
   * it must leave first.
   */
  want(peer: PeerId): void {
    if (this.holders.has(peer)) return;
    this.visitors.add(peer);
    if (this.asked.size === 0) this.askNext();
  }

  /**
   * Another node asks for the page on behalf of its visitors. Answered from a
   * local holder, joining the outstanding request; `{ ok: false }` at once when
   * no holder is here, so nodes never ask each other in circles.
   */
  fetchForNode(answer: (reply: RequestAnswer) => void): void {
    if (this.holders.size === 0) {
      answer({ ok: false });
      return;
    }
    this.remoteWaiters.push(answer);
    if (this.asked.size === 0) this.askNext();
  }

  /**
   * What another node reports of the page changed: recount, and ask a node if
   * visitors wait. News from a node is a reason to try it again.
   */
  remoteChanged(): void {
    this.failedNodes.clear();
    this.counts.changed();
    if (this.visitors.size > 0 && this.asked.size === 0) this.askNext();
  }

  /** `peer` stops holding and wanting the page (leave or disconnect). */
  leave(peer: PeerId): void {
    this.visitors.delete(peer);
    this.dropHolder(peer);
    if (!this.waiting) this.cancelRequests();
    this.idleCheck();
  }

  /** Stops every timer and turns away remote fetches; the room is dead after this. */
  dispose(): void {
    this.cancelRequests();
    this.failRemoteWaiters();
    this.counts.dispose();
  }

  private get waiting(): boolean {
    return this.visitors.size > 0 || this.remoteWaiters.length > 0;
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

  private askNext(preferProven = false): void {
    if (!this.waiting) return;
    const holder = this.holders.pick((p) => this.asked.has(p), preferProven) ?? this.pickNode();
    if (holder !== undefined) this.ask(holder);
    else if (this.asked.size === 0) this.failRemoteWaiters();
  }

  /** A node holding the page, for local visitors only: remote fetches never chain. */
  private pickNode(): PeerId | undefined {
    if (this.visitors.size === 0) return undefined;
    for (const [node, count] of this.deps.remoteHolders(this.hash)) {
      const peer = nodePeer(node);
      if (count > 0 && !this.asked.has(peer) && !this.failedNodes.has(peer)) return peer;
    }
    return undefined;
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
    // The first holder is slow or silent: a hedge goes to one known to answer.
    if (this.asked.size === 1) this.askNext(true);
  }

  private onTimeout(holder: PeerId, entry: Outstanding): void {
    if (this.asked.get(holder) !== entry) return;
    this.asked.delete(holder);
    this.deps.stats.timedOut();
    if (isNodePeer(holder)) this.failedNodes.add(holder);
    else this.evict(holder, 'timeout');
    this.continueAfterFailure();
  }

  private onAnswer(holder: PeerId, entry: Outstanding, reply: unknown): void {
    // A late answer (after a timeout, or after another holder already served) is dropped.
    if (this.asked.get(holder) !== entry) return;
    clearTimeout(entry.timeout);
    this.asked.delete(holder);

    const verdict = this.judge(reply);
    if (verdict instanceof Uint8Array) {
      this.holders.markProven(holder);
      this.serve(verdict);
      return;
    }
    if (verdict !== 'gone') this.deps.stats.verificationFailed();
    // Another node is not evicted: it only relays, and its holders answer to it.
    if (isNodePeer(holder)) this.failedNodes.add(holder);
    else if (verdict === 'gone') this.dropHolder(holder);
    else this.evict(holder, verdict);
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
    const remote = this.remoteWaiters;
    this.visitors.clear();
    this.remoteWaiters = [];
    this.failedNodes.clear();
    this.cancelRequests();
    if (visitors.length > 0) {
      this.deps.transport.deliver(visitors, this.hash, bytes);
      this.deps.stats.relayed(bytes.byteLength, visitors.length);
    }
    for (const answer of remote) answer({ ok: true, bytes });
    this.idleCheck();
  }

  private failRemoteWaiters(): void {
    const remote = this.remoteWaiters;
    this.remoteWaiters = [];
    for (const answer of remote) answer({ ok: false });
  }

  private evict(holder: PeerId, reason: EvictReason): void {
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
