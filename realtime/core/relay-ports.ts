import type { EvictReason, PageHash } from '../../lib/protocol';
import type { NodeId, PeerId } from './peer';

/**
 * The little a page needs from the network. The page state never touches a
 * socket; the Socket.IO glue implements this, tests implement it with arrays.
 * It only sends: every decision is the page state's. None of these may call
 * back into the page state synchronously.
 */
export interface PageTransport {
  /** Asks one holder for the page; `answer` is called at most once, with whatever it replied. */
  request(holder: PeerId, hash: PageHash, answer: (reply: unknown) => void): void;
  /** Sends verified bytes to each of these visitors, once: each already took them (delivery.ts). */
  send(visitors: readonly PeerId[], hash: PageHash, bytes: Uint8Array): void;
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
  /** Tells a holder it was dropped from the page (its own bookkeeping already knows). */
  evict(holder: PeerId, hash: PageHash, reason: EvictReason): void;
}

/**
 * A local connection as the page state reaches it: the one bookkeeping of
 * what it is to each page (connection-pages.ts).
 */
export interface PageConnection {
  /** Verified bytes of a page it waits for: true when they go to it now, false when its want waits for it to read. */
  accept(hash: PageHash, bytes: Uint8Array): boolean;
  /** The page state dropped it as a holder of the page. */
  evicted(hash: PageHash): void;
}

/** Where the bytes a visitor was sent came from: a holder on this node, or another node. */
export type Route = 'local' | 'cross_node';

/** What the page state reports for metrics. */
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

/** What a page's state is given; the directory adds `onIdle` per page. */
export interface RelayDeps {
  transport: PageTransport;
  settings: RelaySettings;
  stats: RelayStats;
  /** True when these bytes hash to this address. */
  verify: (hash: PageHash, bytes: Uint8Array) => boolean;
  /** Holder counts of this page on other nodes (empty when running alone). */
  remoteHolders: (hash: PageHash) => ReadonlyMap<NodeId, number>;
  /**
   * A count as the meter shows it (lib/holder-count.ts): the audience is sent
   * a count only when this changes.
   */
  shownHolders: (holders: number) => string;
  /** Milliseconds on a monotonic clock (`performance.now`; the fake one in tests). */
  now: () => number;
}
