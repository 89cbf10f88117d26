import type { EvictReason, PageHash, RequestAnswer } from '../../lib/protocol';
import { deliver, type DeliveryDeps } from './delivery';
import { HolderSet } from './holder-set';
import { PageCount } from './page-count';
import { PageFetch } from './page-fetch';
import type { PeerId } from './peer';
import type { RelayDeps } from './relay-ports';

export interface PageRoomDeps extends RelayDeps, Pick<DeliveryDeps, 'connection'> {
  /** Called once the room has nobody and nothing left to do, so it can be dropped. */
  onIdle: (room: PageRoom) => void;
}

/**
 * One page's relay state on one node: who holds it here, and two parts over
 * them. {@link PageFetch} gets the bytes for everyone waiting (coalescing,
 * hedging, timeouts, other nodes); {@link PageCount} tells who looks how many
 * hold it. The room owns the holders, routes each event to both, and hands
 * fetched bytes to the visitors through {@link deliver}.
 */
export class PageRoom {
  private readonly holders = new HolderSet();
  private readonly fetch: PageFetch;
  private readonly count: PageCount;

  constructor(
    readonly hash: PageHash,
    private readonly deps: PageRoomDeps,
  ) {
    this.fetch = new PageFetch(hash, this.holders, deps, {
      fetched: (visitors, bytes, route) => {
        deliver(hash, visitors, bytes, route, deps);
        this.idleCheck();
      },
      evict: (holder, reason) => this.evict(holder, reason),
      drop: (holder) => this.dropHolder(holder),
    });
    this.count = new PageCount(hash, this.holders, this.fetch.visitors, deps, () => this.idleCheck());
  }

  /** Holders of the page in the whole cluster. */
  get holderCount(): number {
    return this.count.total;
  }

  get localHolderCount(): number {
    return this.holders.size;
  }

  get visitorCount(): number {
    return this.fetch.visitors.size;
  }

  /** Connections that get the count as it changes: waiting visitors and watchers. */
  get audienceSize(): number {
    return this.count.audience().length;
  }

  /** Requests to holders now awaiting an answer: never more than two. */
  get outstandingRequests(): number {
    return this.fetch.outstanding;
  }

  /**
   * `peer` holds the page. Idempotent. A waiting room asks a new holder at once.
   * Whether a connection may hold the page (it was not evicted from it) is the
   * connection's bookkeeping, checked before this.
   */
  have(peer: PeerId): void {
    // A visitor that announces the page got it elsewhere.
    this.fetch.forget(peer);
    if (this.holders.add(peer)) this.count.holdersChanged();
    this.fetch.holderAdded(peer);
  }

  /**
   * `peer` waits for the page; it joins the outstanding request if there is one.
   * A holder of the page never becomes its visitor (it would wait on itself):
   * it must leave first.
   */
  want(peer: PeerId): void {
    if (this.holders.has(peer)) return;
    const joined = this.fetch.join(peer);
    if (joined) this.count.visitorJoined(peer);
    this.fetch.start(joined);
  }

  /** `peer` shows the page's count (`on`) or no longer does. Only a holder or a visitor may watch: false otherwise. */
  watch(peer: PeerId, on: boolean): boolean {
    return this.count.watch(peer, on);
  }

  /** Another node asks for the page on behalf of its visitors (see {@link PageFetch.forNode}). */
  fetchForNode(answer: (reply: RequestAnswer) => void): void {
    this.fetch.forNode(answer);
  }

  /** What another node reports of the page changed: recount, and ask a node if visitors wait. */
  remoteChanged(): void {
    this.count.remoteChanged();
    this.fetch.nodesChanged();
  }

  /** `peer` stops holding and wanting the page (leave or disconnect). */
  leave(peer: PeerId): void {
    this.fetch.forget(peer);
    this.count.left(peer);
    this.dropHolder(peer);
    this.idleCheck();
  }

  /** Stops every timer and turns away remote fetches; the room is dead after this. */
  dispose(): void {
    this.fetch.dispose();
    this.count.dispose();
  }

  private dropHolder(peer: PeerId): void {
    if (!this.holders.remove(peer)) return;
    this.count.holdersChanged(peer);
    this.fetch.holderLost(peer);
  }

  private evict(holder: PeerId, reason: EvictReason): void {
    this.deps.stats.evicted(reason);
    this.deps.connection(holder)?.evicted(this.hash);
    this.deps.transport.evict(holder, this.hash, reason);
    this.dropHolder(holder);
  }

  private idleCheck(): void {
    // Wait out a due report to the other nodes so they learn this node holds none.
    if (this.holders.size === 0 && this.fetch.visitors.size === 0 && !this.count.busy) {
      this.dispose();
      this.deps.onIdle(this);
    }
  }
}
