import type { PageHash } from '../../lib/protocol';
import { PageRoom } from './page-room';
import type { PeerId } from './peer';
import type { PageConnection, RelayDeps } from './relay-ports';
import { clusterHolders } from './remote-holders';

/**
 * The live pages of one node: a room per page, created on first use, dropped
 * when idle; and the node's connections, through which the rooms reach a
 * visitor or a holder's own bookkeeping.
 */
export class PageDirectory {
  private readonly rooms = new Map<PageHash, PageRoom>();
  private readonly connections = new Map<PeerId, PageConnection>();

  constructor(private readonly deps: RelayDeps) {}

  get size(): number {
    return this.rooms.size;
  }

  /** A connection of this node, from its first page event to its end. */
  attach(peer: PeerId, connection: PageConnection): void {
    this.connections.set(peer, connection);
  }

  detach(peer: PeerId): void {
    this.connections.delete(peer);
  }

  /** The page's room, created if the page has none. */
  open(hash: PageHash): PageRoom {
    let room = this.rooms.get(hash);
    if (!room) {
      room = new PageRoom(hash, {
        ...this.deps,
        connection: (peer) => this.connections.get(peer),
        onIdle: (idle) => {
          if (this.rooms.get(hash) === idle) this.rooms.delete(hash);
        },
      });
      this.rooms.set(hash, room);
    }
    return room;
  }

  /** The page's room if it is live. */
  find(hash: PageHash): PageRoom | undefined {
    return this.rooms.get(hash);
  }

  /** The page's holder count in the whole cluster, without opening a room for it. */
  holdersOf(hash: PageHash): number {
    return this.rooms.get(hash)?.holderCount ?? clusterHolders(0, this.deps.remoteHolders(hash));
  }

  /** This node's holder count of each page it has holders of. */
  *localCounts(): Iterable<[PageHash, number]> {
    for (const [hash, room] of this.rooms) if (room.localHolderCount > 0) yield [hash, room.localHolderCount];
  }

  /** Visitors waiting on every page of this node (read when metrics are scraped). */
  waitingVisitors(): number {
    let total = 0;
    for (const room of this.rooms.values()) total += room.visitorCount;
    return total;
  }

  /** Stops every page's timers (shutdown). */
  dispose(): void {
    for (const room of this.rooms.values()) room.dispose();
    this.rooms.clear();
  }
}
