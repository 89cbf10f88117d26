import { shownHolders } from '../../lib/holder-count';
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
  /**
   * Sends verified bytes to each of these visitors, once; returns those it
   * sent them to. A visitor it does not send them to now is the connection's
   * to ask for again (connection-pages.ts: a reader behind on its backlog).
   */
  deliver(visitors: readonly PeerId[], hash: PageHash, bytes: Uint8Array): readonly PeerId[];
  /**
   * Sends the page's holder count (cluster-wide) to `audience`: the visitors
   * waiting here and the connections here that watch the page. Never ahead of
   * a delivery: a large audience must not hold up anyone's content.
   */
  publishHolders(hash: PageHash, holders: number, audience: readonly PeerId[]): void;
  /** Tells the other nodes this node's own holder count of the page. */
  announceLocal(hash: PageHash, localHolders: number): void;
  /** Tells a holder it became (`sole`) or stopped being the page's only holder; `holders` is the count now. */
  sole(holder: PeerId, hash: PageHash, sole: boolean, holders: number): void;
  /** Tells a holder it was dropped from the page, and stops routing the page to it. */
  evict(holder: PeerId, hash: PageHash, reason: EvictReason): void;
}

/** A page's holders in the whole cluster: this node's, plus each other node's count. */
export function clusterHolders(local: number, remote: ReadonlyMap<NodeId, number>): number {
  let total = local;
  for (const count of remote.values()) total += count;
  return total;
}

/** Where the bytes a visitor was sent came from: a holder on this node, or another node. */
export type Route = 'local' | 'cross_node';

/** What the room reports for metrics. */
export interface RelayStats {
  requestSent(): void;
  relayed(bytes: number, visitors: number): void;
  /** Visitors sent the page, with how long each waited since its want joined the room. */
  served(waitedMs: readonly number[], route: Route): void;
  verificationFailed(): void;
  timedOut(): void;
  evicted(reason: EvictReason): void;
}

export interface RelaySettings {
  pageMaxBytes: number;
  requestTimeoutMs: number;
  hedgeMs: number;
  holdersIntervalMs: number;
  /** Least time between two reports of this node's own count to the other nodes. */
  clusterCountsIntervalMs: number;
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
  /** Milliseconds on a monotonic clock (`performance.now`; the fake one in tests). */
  now: () => number;
}

interface Outstanding {
  timeout: ReturnType<typeof setTimeout>;
}

/**
 * One page's relay state on one node: its local holders, the visitors waiting
 * for it (here, and other nodes fetching through this one), the one outstanding
 * request (plus at most one hedge) that serves all of them, and the holder
 * count: throttled to those who look at it (waiting visitors and watchers),
 * sent only when the figure they see changes, on its own cadence to the other
 * nodes, and an O(1) notice to a holder that becomes or stops being the only one.
 *
 * Holders are local connections first; another node holding the page is asked
 * (as the peer `nodePeer(id)`) only when no local holder is left to try.
 */
export class PageRoom {
  private readonly holders = new HolderSet();
  /** Waiting visitors, with when their want joined the room. */
  private readonly visitors = new Map<PeerId, number>();
  /** Other nodes fetching the page through this one; served only from local holders. */
  private remoteWaiters: ((answer: RequestAnswer) => void)[] = [];
  /** Nodes that failed this round of requests: not asked again until a new round, or news from a node. */
  private readonly failedNodes = new Set<PeerId>();
  private readonly asked = new Map<PeerId, Outstanding>();
  private hedge: ReturnType<typeof setTimeout> | undefined;
  /** Asks the failed nodes again while visitors still wait and nobody else is left to ask. */
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Connections that show the page's count; visitors get it while they wait whether or not they watch. */
  private readonly watchers = new Set<PeerId>();
  private readonly counts: CountThrottle;
  /** The figure the audience was last sent; undefined forces the next change out. */
  private shown: string | undefined;
  private readonly gossip: CountThrottle;
  private announced = 0;
  /** The local holder last told it is the page's only holder. */
  private sole: PeerId | undefined;

  constructor(
    readonly hash: PageHash,
    private readonly deps: PageRoomDeps,
  ) {
    // Nobody is left to see a trailing count once the room is empty: only the gossip holds it open.
    this.counts = new CountThrottle(
      deps.settings.holdersIntervalMs,
      () => this.publishCount(),
      () => {},
    );
    this.gossip = new CountThrottle(
      deps.settings.clusterCountsIntervalMs,
      () => this.announceCount(),
      () => this.idleCheck(),
    );
  }

  /** Holders of the page in the whole cluster. */
  get holderCount(): number {
    return clusterHolders(this.holders.size, this.deps.remoteHolders(this.hash));
  }

  get localHolderCount(): number {
    return this.holders.size;
  }

  get visitorCount(): number {
    return this.visitors.size;
  }

  /** Connections that get the count as it changes: waiting visitors and watchers. */
  get audienceSize(): number {
    return this.audience().length;
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
    // A visitor that announces the page got it elsewhere.
    this.visitors.delete(peer);
    if (this.holders.add(peer)) this.holdersChanged();
    if (this.waiting && this.asked.size === 0) this.ask(peer);
  }

  /**
   * `peer` waits for the page; it joins the outstanding request if there is one.
   * A holder of the page never becomes its visitor (it would wait on itself):
   * it must leave first.
   */
  want(peer: PeerId): void {
    if (this.holders.has(peer)) return;
    const joined = !this.visitors.has(peer);
    if (joined) {
      this.visitors.set(peer, this.deps.now());
      if (!this.watchers.has(peer)) this.joinedAudience();
    }
    if (this.asked.size > 0) return;
    // A new visitor starts a new round: a node that failed an earlier one (frozen for a while, say) is worth asking again.
    if (joined) this.failedNodes.clear();
    this.askNext();
  }

  /**
   * `peer` shows the page's count (`on`) or no longer does. Only a holder or
   * a visitor may watch: false otherwise.
   */
  watch(peer: PeerId, on: boolean): boolean {
    if (!on) {
      this.watchers.delete(peer);
      return true;
    }
    if (!this.holders.has(peer) && !this.visitors.has(peer)) return false;
    if (this.watchers.has(peer)) return true;
    this.watchers.add(peer);
    if (!this.visitors.has(peer)) this.joinedAudience();
    return true;
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
    this.checkSole();
    if (this.visitors.size > 0 && this.asked.size === 0) this.askNext();
  }

  /**
   * `peer` stops holding and wanting the page (leave or disconnect). A request
   * already sent runs on to its answer or timeout even when nobody waits any
   * more: a visitor that leaves and wants again joins it, so churning costs
   * the holder no new upload.
   */
  leave(peer: PeerId): void {
    this.visitors.delete(peer);
    this.watchers.delete(peer);
    this.dropHolder(peer);
    this.idleCheck();
  }

  /** Stops every timer and turns away remote fetches; the room is dead after this. */
  dispose(): void {
    this.cancelRequests();
    this.clearRetry();
    this.failRemoteWaiters();
    this.counts.dispose();
    this.gossip.dispose();
  }

  private get waiting(): boolean {
    return this.visitors.size > 0 || this.remoteWaiters.length > 0;
  }

  private dropHolder(peer: PeerId): void {
    if (!this.holders.remove(peer)) return;
    if (!this.visitors.has(peer)) this.watchers.delete(peer);
    this.holdersChanged();
    const pending = this.asked.get(peer);
    if (pending) {
      // Socket.IO never fails an ack when the socket closes: without this the
      // visitors would sit out the hedge or the timeout.
      clearTimeout(pending.timeout);
      this.asked.delete(peer);
      this.continueAfterFailure();
    }
  }

  private holdersChanged(): void {
    this.counts.changed();
    this.gossip.changed();
    this.checkSole();
  }

  /** Everyone here who gets the count as it changes. */
  private audience(): PeerId[] {
    const audience = [...this.visitors.keys()];
    for (const peer of this.watchers) if (!this.visitors.has(peer)) audience.push(peer);
    return audience;
  }

  /**
   * Someone joined the audience, learning the count from its ack. If that is
   * not what the others were last sent, a change is pending: make sure it
   * goes out even should the count come back to the old figure meanwhile.
   */
  private joinedAudience(): void {
    if (shownHolders(this.holderCount) !== this.shown) this.shown = undefined;
  }

  private publishCount(): boolean {
    const holders = this.holderCount;
    const shown = shownHolders(holders);
    if (shown === this.shown) return false;
    // Nobody to tell now still moves the mark: whoever joins later learns it from its ack.
    this.shown = shown;
    const audience = this.audience();
    if (audience.length === 0) return false;
    this.deps.transport.publishHolders(this.hash, holders, audience);
    return true;
  }

  /** This node's own count, raw: the other nodes add it up and cross "only holder" on it. */
  private announceCount(): boolean {
    const local = this.holders.size;
    if (local === this.announced) return false;
    this.announced = local;
    this.deps.transport.announceLocal(this.hash, local);
    return true;
  }

  /** Tells a local holder when it becomes, or stops being, the only holder in the cluster. */
  private checkSole(): void {
    if (this.sole === undefined && this.holders.size !== 1) return;
    const holders = this.holderCount;
    const only = holders === 1 ? this.holders.only : undefined;
    if (only === this.sole) return;
    const before = this.sole;
    this.sole = only;
    if (before !== undefined && this.holders.has(before)) this.deps.transport.sole(before, this.hash, false, holders);
    if (only !== undefined) this.deps.transport.sole(only, this.hash, true, holders);
  }

  private askNext(preferProven = false): void {
    if (!this.waiting) return;
    const holder = this.holders.pick((p) => this.asked.has(p), preferProven) ?? this.pickNode();
    if (holder !== undefined) this.ask(holder);
    else if (this.asked.size === 0) {
      this.failRemoteWaiters();
      if (this.visitors.size > 0 && this.failedNodes.size > 0) this.retryLater();
    }
  }

  /**
   * Every node holding the page failed this round: each may only have been
   * frozen or cut off for a moment, and nothing else would ask it again for
   * visitors that wait on. One timer per room, a request timeout apart.
   */
  private retryLater(): void {
    this.retry ??= setTimeout(() => {
      this.retry = undefined;
      this.failedNodes.clear();
      if (this.asked.size === 0) this.askNext();
    }, this.deps.settings.requestTimeoutMs);
  }

  private clearRetry(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
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
    this.clearRetry();
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
      this.serve(verdict, isNodePeer(holder) ? 'cross_node' : 'local');
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

  private serve(bytes: Uint8Array, route: Route): void {
    const visitors = new Map(this.visitors);
    const remote = this.remoteWaiters;
    this.visitors.clear();
    this.remoteWaiters = [];
    this.failedNodes.clear();
    this.cancelRequests();
    this.clearRetry();
    if (visitors.size > 0) {
      const sent = this.deps.transport.deliver([...visitors.keys()], this.hash, bytes);
      if (sent.length > 0) {
        const now = this.deps.now();
        this.deps.stats.relayed(bytes.byteLength, sent.length);
        this.deps.stats.served(
          sent.map((visitor) => now - visitors.get(visitor)!),
          route,
        );
      }
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
    // Wait out a due report to the other nodes so they learn this node holds none.
    if (this.holders.size === 0 && this.visitors.size === 0 && !this.gossip.busy) {
      this.dispose();
      this.deps.onIdle(this);
    }
  }
}
