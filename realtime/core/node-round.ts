import type { PageHash } from '../../lib/protocol';
import { nodePeer, type NodeId, type PeerId } from './peer';

/**
 * Which other nodes holding a page are worth asking for it. A node that
 * failed is not asked again in the same round: until a new visitor starts a
 * new round, news comes from a node, or a request timeout later while
 * visitors still wait and nobody else is left to ask (each node may only have
 * been frozen or cut off for a moment). One retry timer per page.
 */
export class NodeRound {
  private readonly failed = new Set<PeerId>();
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly hash: PageHash,
    private readonly remoteHolders: (hash: PageHash) => ReadonlyMap<NodeId, number>,
    private readonly retryMs: number,
    /** Called when the failed nodes are worth asking again. */
    private readonly onRetry: () => void,
  ) {}

  /** True when a node failed this round. */
  get anyFailed(): boolean {
    return this.failed.size > 0;
  }

  /** A node holding the page that `asked` does not reject and that has not failed this round. */
  next(asked: (peer: PeerId) => boolean): PeerId | undefined {
    for (const [node, count] of this.remoteHolders(this.hash)) {
      const peer = nodePeer(node);
      if (count > 0 && !asked(peer) && !this.failed.has(peer)) return peer;
    }
    return undefined;
  }

  failedOne(peer: PeerId): void {
    this.failed.add(peer);
  }

  /** Every node is worth asking again. */
  newRound(): void {
    this.failed.clear();
  }

  retryLater(): void {
    this.retry ??= setTimeout(() => {
      this.retry = undefined;
      this.failed.clear();
      this.onRetry();
    }, this.retryMs);
  }

  cancelRetry(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
  }
}
