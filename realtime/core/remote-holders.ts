import type { PageHash } from '../../lib/protocol';
import type { NodeId } from './peer';

const NONE: ReadonlyMap<NodeId, number> = new Map();

/** A page's holders in the whole cluster: this node's, plus each other node's count. */
export function clusterHolders(local: number, remote: ReadonlyMap<NodeId, number>): number {
  let total = local;
  for (const count of remote.values()) total += count;
  return total;
}

/**
 * What this node knows of the other nodes: each one's holder count per page,
 * and when it was last heard from. Metadata only, learned over pub/sub.
 */
export class RemoteHolderTable {
  private readonly byPage = new Map<PageHash, Map<NodeId, number>>();
  private readonly byNode = new Map<NodeId, { seen: number; pages: Set<PageHash> }>();

  /** The page's holder count per other node. */
  holdersOf(hash: PageHash): ReadonlyMap<NodeId, number> {
    return this.byPage.get(hash) ?? NONE;
  }

  /** Nodes heard from and not forgotten. */
  get nodeCount(): number {
    return this.byNode.size;
  }

  knows(node: NodeId): boolean {
    return this.byNode.has(node);
  }

  /** Marks the node alive now. */
  touch(node: NodeId, now: number): void {
    const entry = this.byNode.get(node);
    if (entry) entry.seen = now;
    else this.byNode.set(node, { seen: now, pages: new Set() });
  }

  /** Records one page's count on a node. */
  set(node: NodeId, hash: PageHash, count: number, now: number): void {
    this.touch(node, now);
    const pages = this.byNode.get(node)!.pages;
    let counts = this.byPage.get(hash);
    if (count > 0) {
      if (!counts) this.byPage.set(hash, (counts = new Map()));
      counts.set(node, count);
      pages.add(hash);
    } else if (counts) {
      counts.delete(node);
      if (counts.size === 0) this.byPage.delete(hash);
      pages.delete(hash);
    }
  }

  /** Replaces everything known of a node by its full state; returns the pages whose counts may have changed. */
  replace(node: NodeId, counts: Iterable<[PageHash, number]>, now: number): Set<PageHash> {
    const changed = this.forget(node);
    this.touch(node, now);
    for (const [hash, count] of counts) {
      this.set(node, hash, count, now);
      changed.add(hash);
    }
    return changed;
  }

  /** Drops a node; returns the pages it held. */
  forget(node: NodeId): Set<PageHash> {
    const entry = this.byNode.get(node);
    this.byNode.delete(node);
    if (!entry) return new Set();
    for (const hash of entry.pages) {
      const counts = this.byPage.get(hash);
      counts?.delete(node);
      if (counts?.size === 0) this.byPage.delete(hash);
    }
    return entry.pages;
  }

  /** Nodes not heard from since `before`. */
  silentSince(before: number): NodeId[] {
    return [...this.byNode].filter(([, { seen }]) => seen < before).map(([node]) => node);
  }
}
