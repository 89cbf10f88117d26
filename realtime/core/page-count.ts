import type { PageHash } from '../../lib/protocol';
import { CountThrottle } from './count-throttle';
import type { HolderSet } from './holder-set';
import type { PeerId } from './peer';
import { clusterHolders } from './remote-holders';
import type { RelayDeps } from './relay-ports';

export type CountDeps = Pick<RelayDeps, 'transport' | 'settings' | 'remoteHolders' | 'shownHolders'>;

/**
 * One page's holder count, and who hears of it: throttled to those who look
 * at it (waiting visitors and watchers), sent only when the figure they see
 * changes; this node's own count to the other nodes on its own cadence; and
 * an O(1) notice to a holder that becomes or stops being the only one.
 * It reads the page's holders and waiting visitors and changes neither.
 */
export class PageCount {
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
    private readonly hash: PageHash,
    private readonly holders: HolderSet,
    private readonly visitors: ReadonlyMap<PeerId, number>,
    private readonly deps: CountDeps,
    /** Called when a report to the other nodes that held the page open is done. */
    onGossipDone: () => void,
  ) {
    // Nobody is left to see a trailing count once the page is empty: only the gossip holds it open.
    this.counts = new CountThrottle(
      deps.settings.holdersIntervalMs,
      () => this.publishCount(),
      () => {},
    );
    this.gossip = new CountThrottle(deps.settings.clusterCountsIntervalMs, () => this.announceCount(), onGossipDone);
  }

  /** Holders of the page in the whole cluster. */
  get total(): number {
    return clusterHolders(this.holders.size, this.deps.remoteHolders(this.hash));
  }

  /** True while a report to the other nodes is still due. */
  get busy(): boolean {
    return this.gossip.busy;
  }

  /** Everyone here who gets the count as it changes: waiting visitors and watchers. */
  audience(): PeerId[] {
    const audience = [...this.visitors.keys()];
    for (const peer of this.watchers) if (!this.visitors.has(peer)) audience.push(peer);
    return audience;
  }

  /** `peer` shows the count (`on`) or no longer does. Only a holder or a visitor may watch: false otherwise. */
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

  /** `peer` started waiting for the page: it now gets the count unasked. */
  visitorJoined(peer: PeerId): void {
    if (!this.watchers.has(peer)) this.joinedAudience();
  }

  /** `peer` left the page altogether. */
  left(peer: PeerId): void {
    this.watchers.delete(peer);
  }

  /** The local holders changed (`dropped` stopped holding: it keeps watching only as a visitor). */
  holdersChanged(dropped?: PeerId): void {
    if (dropped !== undefined && !this.visitors.has(dropped)) this.watchers.delete(dropped);
    this.counts.changed();
    this.gossip.changed();
    this.checkSole();
  }

  /** Another node's count changed: that is news to the audience here, not to the other nodes. */
  remoteChanged(): void {
    this.counts.changed();
    this.checkSole();
  }

  dispose(): void {
    this.counts.dispose();
    this.gossip.dispose();
  }

  /**
   * Someone joined the audience, learning the count from its ack. If that is
   * not what the others were last sent, a change is pending: make sure it
   * goes out even should the count come back to the old figure meanwhile.
   */
  private joinedAudience(): void {
    if (this.deps.shownHolders(this.total) !== this.shown) this.shown = undefined;
  }

  private publishCount(): boolean {
    const holders = this.total;
    const shown = this.deps.shownHolders(holders);
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
    const holders = this.total;
    const only = holders === 1 ? this.holders.only : undefined;
    if (only === this.sole) return;
    const before = this.sole;
    this.sole = only;
    if (before !== undefined && this.holders.has(before)) this.deps.transport.sole(before, this.hash, false, holders);
    if (only !== undefined) this.deps.transport.sole(only, this.hash, true, holders);
  }
}
