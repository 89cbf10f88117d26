import type { EvictReason, PageHash, RequestAnswer } from '../../lib/protocol';
import { judgeAnswer } from './answer-verdict';
import type { HolderSet } from './holder-set';
import { NodeRound } from './node-round';
import { isNodePeer, type PeerId } from './peer';
import type { RelayDeps, Route } from './relay-ports';

export type FetchDeps = Pick<RelayDeps, 'transport' | 'settings' | 'stats' | 'verify' | 'remoteHolders' | 'now'>;

/** What a fetch hands back to its page: the bytes, and holders that failed it. */
export interface FetchOutcome {
  /** Verified bytes arrived for these visitors (each with when its want joined); they wait no more. */
  fetched(visitors: ReadonlyMap<PeerId, number>, bytes: Uint8Array, route: Route): void;
  /** A local holder answered wrongly or not at all: it is to be dropped from the page, and told why. */
  evict(holder: PeerId, reason: EvictReason): void;
  /** A local holder answered that it no longer has the page: dropped without blame. */
  drop(holder: PeerId): void;
}

interface Outstanding {
  timeout: ReturnType<typeof setTimeout>;
}

/**
 * Getting one page's bytes for everyone waiting for them on this node: its
 * visitors, and other nodes fetching through this one. One outstanding
 * request (plus at most one hedge) serves all of them; a silent holder times
 * out; holders are local connections first, and another node holding the
 * page is asked (as the peer `nodePeer(id)`) only when no local holder is
 * left to try. It picks from the page's holders and never changes them: a
 * holder that fails goes back to the page through {@link FetchOutcome}.
 */
export class PageFetch {
  /** Waiting visitors, with when their want joined the page. */
  private readonly waiters = new Map<PeerId, number>();
  /** Other nodes fetching the page through this one; served only from local holders. */
  private remoteWaiters: ((answer: RequestAnswer) => void)[] = [];
  /** Other nodes holding the page, and which of them failed this round. */
  private readonly nodes: NodeRound;
  private readonly asked = new Map<PeerId, Outstanding>();
  private hedge: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly hash: PageHash,
    private readonly holders: HolderSet,
    private readonly deps: FetchDeps,
    private readonly outcome: FetchOutcome,
  ) {
    this.nodes = new NodeRound(hash, deps.remoteHolders, deps.settings.requestTimeoutMs, () => {
      if (this.asked.size === 0) this.askNext();
    });
  }

  get visitors(): ReadonlyMap<PeerId, number> {
    return this.waiters;
  }

  /** Requests to holders now awaiting an answer: never more than two. */
  get outstanding(): number {
    return this.asked.size;
  }

  /** `peer` waits for the page from now; false when it already did. */
  join(peer: PeerId): boolean {
    if (this.waiters.has(peer)) return false;
    this.waiters.set(peer, this.deps.now());
    return true;
  }

  /** A visitor wants the page: it rides on the outstanding request, or starts one (`newRound` when it just joined). */
  start(newRound: boolean): void {
    if (this.asked.size > 0) return;
    // A new visitor starts a new round: a node that failed an earlier one (frozen for a while, say) is worth asking again.
    if (newRound) this.nodes.newRound();
    this.askNext();
  }

  /**
   * `peer` waits no more. A request already sent runs on to its answer or
   * timeout even when nobody waits any more: a visitor that leaves and wants
   * again joins it, so churning costs the holder no new upload.
   */
  forget(peer: PeerId): void {
    this.waiters.delete(peer);
  }

  /** A new holder: a waiting page asks it at once. */
  holderAdded(holder: PeerId): void {
    if (this.waiting && this.asked.size === 0) this.ask(holder);
  }

  /** A holder left the page: a request to it ends now. */
  holderLost(holder: PeerId): void {
    const pending = this.asked.get(holder);
    if (!pending) return;
    // Socket.IO never fails an ack when the socket closes: without this the
    // visitors would sit out the hedge or the timeout.
    clearTimeout(pending.timeout);
    this.asked.delete(holder);
    this.continueAfterFailure();
  }

  /**
   * Another node asks for the page on behalf of its visitors. Answered from a
   * local holder, joining the outstanding request; `{ ok: false }` at once when
   * no holder is here, so nodes never ask each other in circles.
   */
  forNode(answer: (reply: RequestAnswer) => void): void {
    if (this.holders.size === 0) {
      answer({ ok: false });
      return;
    }
    this.remoteWaiters.push(answer);
    if (this.asked.size === 0) this.askNext();
  }

  /** News from another node is a reason to try it again while visitors wait. */
  nodesChanged(): void {
    this.nodes.newRound();
    if (this.waiters.size > 0 && this.asked.size === 0) this.askNext();
  }

  /** Stops every timer and turns away remote fetches. */
  dispose(): void {
    this.cancelRequests();
    this.nodes.cancelRetry();
    this.failRemoteWaiters();
  }

  private get waiting(): boolean {
    return this.waiters.size > 0 || this.remoteWaiters.length > 0;
  }

  private askNext(preferProven = false): void {
    if (!this.waiting) return;
    const asked = (peer: PeerId) => this.asked.has(peer);
    // Another node only for local visitors: remote fetches never chain.
    const holder =
      this.holders.pick(asked, preferProven) ?? (this.waiters.size > 0 ? this.nodes.next(asked) : undefined);
    if (holder !== undefined) this.ask(holder);
    else if (this.asked.size === 0) {
      this.failRemoteWaiters();
      if (this.waiters.size > 0 && this.nodes.anyFailed) this.nodes.retryLater();
    }
  }

  private ask(holder: PeerId): void {
    const { settings, stats, transport } = this.deps;
    const entry: Outstanding = {
      timeout: setTimeout(() => this.onTimeout(holder, entry), settings.requestTimeoutMs),
    };
    this.asked.set(holder, entry);
    this.nodes.cancelRetry();
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
    if (isNodePeer(holder)) this.nodes.failedOne(holder);
    else this.outcome.evict(holder, 'timeout');
    this.continueAfterFailure();
  }

  private onAnswer(holder: PeerId, entry: Outstanding, reply: unknown): void {
    // A late answer (after a timeout, or after another holder already served) is dropped.
    if (this.asked.get(holder) !== entry) return;
    clearTimeout(entry.timeout);
    this.asked.delete(holder);

    const { settings, verify } = this.deps;
    const verdict = judgeAnswer(reply, this.hash, settings.pageMaxBytes, verify);
    if (verdict instanceof Uint8Array) {
      this.holders.markProven(holder);
      this.serve(verdict, isNodePeer(holder) ? 'cross_node' : 'local');
      return;
    }
    if (verdict !== 'gone') this.deps.stats.verificationFailed();
    // Another node is not evicted: it only relays, and its holders answer to it.
    if (isNodePeer(holder)) this.nodes.failedOne(holder);
    else if (verdict === 'gone') this.outcome.drop(holder);
    else this.outcome.evict(holder, verdict);
    this.continueAfterFailure();
  }

  private serve(bytes: Uint8Array, route: Route): void {
    const visitors = new Map(this.waiters);
    const remote = this.remoteWaiters;
    this.waiters.clear();
    this.remoteWaiters = [];
    this.nodes.newRound();
    this.cancelRequests();
    this.nodes.cancelRetry();
    this.outcome.fetched(visitors, bytes, route);
    for (const answer of remote) answer({ ok: true, bytes });
  }

  private failRemoteWaiters(): void {
    const remote = this.remoteWaiters;
    this.remoteWaiters = [];
    for (const answer of remote) answer({ ok: false });
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
}
