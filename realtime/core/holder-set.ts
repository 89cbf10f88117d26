import type { PeerId } from './peer';

/**
 * The holders of one page: O(1) add, remove and membership, and a rotating
 * pick so that requests spread over holders instead of landing on the first.
 * Holders that have served the page are remembered as proven: a hedge goes to
 * one of them rather than to another holder never heard from.
 */
export class HolderSet {
  private readonly order: PeerId[] = [];
  private readonly index = new Map<PeerId, number>();
  private readonly proven = new Set<PeerId>();
  private cursor = 0;

  get size(): number {
    return this.order.length;
  }

  /** The holder, when there is exactly one. */
  get only(): PeerId | undefined {
    return this.order.length === 1 ? this.order[0] : undefined;
  }

  has(peer: PeerId): boolean {
    return this.index.has(peer);
  }

  /** Adds a holder; false when it was one already. */
  add(peer: PeerId): boolean {
    if (this.index.has(peer)) return false;
    this.index.set(peer, this.order.length);
    this.order.push(peer);
    return true;
  }

  /** Removes a holder by moving the last one into its slot; false when absent. */
  remove(peer: PeerId): boolean {
    const at = this.index.get(peer);
    if (at === undefined) return false;
    const last = this.order.pop() as PeerId;
    if (last !== peer) {
      this.order[at] = last;
      this.index.set(last, at);
    }
    this.index.delete(peer);
    this.proven.delete(peer);
    return true;
  }

  /** `peer` answered with verified bytes. */
  markProven(peer: PeerId): void {
    if (this.index.has(peer)) this.proven.add(peer);
  }

  /**
   * The next holder in rotation that `skip` does not reject, or undefined only
   * when `skip` rejects every holder: a visitor is never left waiting while an
   * untried holder remains. `skip` rejects only holders being asked (at most
   * two), so this looks at a few candidates, not all of them. With
   * `preferProven`, a proven holder comes first.
   */
  pick(skip: (peer: PeerId) => boolean, preferProven = false): PeerId | undefined {
    if (preferProven) {
      for (const peer of this.proven) if (!skip(peer)) return peer;
    }
    const n = this.order.length;
    for (let tried = 0; tried < n; tried++) {
      const peer = this.order[this.cursor++ % n];
      if (!skip(peer)) return peer;
    }
    return undefined;
  }
}
