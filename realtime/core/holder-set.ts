import type { PeerId } from './peer';

/**
 * The holders of one page: O(1) add, remove and membership, and a rotating
 * pick so that requests spread over holders instead of landing on the first.
 */
export class HolderSet {
  private readonly order: PeerId[] = [];
  private readonly index = new Map<PeerId, number>();
  private cursor = 0;

  get size(): number {
    return this.order.length;
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
    return true;
  }

  /**
   * The next holder in rotation that `skip` does not reject, or undefined.
   * Looks at no more than `maxTries` candidates, so a pick stays cheap even on
   * a page with thousands of holders.
   */
  pick(skip: (peer: PeerId) => boolean, maxTries = 8): PeerId | undefined {
    const n = this.order.length;
    for (let tried = 0; tried < Math.min(n, maxTries); tried++) {
      const peer = this.order[this.cursor++ % n];
      if (!skip(peer)) return peer;
    }
    return undefined;
  }
}
