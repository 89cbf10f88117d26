import type { Ack, ErrorCode, HoldersAck, PageHash } from '../../lib/protocol';
import { failure } from '../../lib/validation';
import type { PageDirectory } from './page-directory';
import type { PeerId } from './peer';
import { ReaderPace, type PaceSettings, type Reader } from './reader-pace';
import type { PageConnection } from './relay-ports';

/**
 * A connection's one role in a page: it serves the page (`holder`), waits for
 * it (`visitor`), waits for it but is not asked for yet because it has not
 * read what it was sent (`deferred`), or was sent it and has not announced it
 * yet (`served`).
 */
export type Role = 'holder' | 'visitor' | 'deferred' | 'served';

export interface ConnectionPagesOptions {
  directory: PageDirectory;
  pagesPerConnection: number;
  /** The code a re-announce after an eviction gets (PROTOCOL.md: `evicted` in v2, `bad_request` in v1). */
  evictedCode: ErrorCode;
  /** How long a page sent to the connection is not sent it again, even after it leaves the page. */
  resendAfterMs: number;
  /** The connection's far end: what it has not read yet. */
  reader: Reader;
  pace: PaceSettings;
}

/**
 * Everything one connection is to the pages it touches: one role per page,
 * and the pages it was evicted from. The only writer of that state: the event
 * handlers, the page state (deliveries, evictions) and disconnect all go
 * through it, so the connection and the page state never disagree, and
 * nothing of the connection is left in any page once it is disposed. Its
 * {@link ReaderPace} decides when its wants ask and its pages are sent.
 */
export class ConnectionPages implements PageConnection {
  private readonly roles = new Map<PageHash, Role>();
  /** Kept until the connection ends, and counted against its page limit, so a liar cannot grow it. */
  private readonly evictedFrom = new Set<PageHash>();
  /**
   * When each page was last sent to this connection, oldest first, at most
   * `pagesPerConnection` of them: leaving a page does not make it free to ask
   * for again at once. Not counted against the page limit (an honest tab that
   * reads and leaves its pages must never be refused for it); dropping the
   * oldest bounds it instead.
   */
  private readonly sentAt = new Map<PageHash, number>();
  private readonly pace: ReaderPace;

  constructor(
    readonly peer: PeerId,
    private readonly options: ConnectionPagesOptions,
  ) {
    this.pace = new ReaderPace(options.reader, options.pace);
    options.directory.attach(peer, this);
  }

  roleIn(hash: PageHash): Role | undefined {
    return this.roles.get(hash);
  }

  /** Pages this connection holds, wants, was served, or was evicted from. */
  get size(): number {
    return this.roles.size + this.evictedFrom.size;
  }

  /** `page:have`: become (or stay) a holder of the page. */
  have(hash: PageHash): Ack<HoldersAck> {
    if (this.evictedFrom.has(hash)) {
      return failure(
        this.options.evictedCode,
        'this connection was dropped from this page for a wrong or missing answer; it may hold it again after reconnecting',
      );
    }
    const refused = this.overLimit(hash);
    if (refused) return refused;
    const room = this.options.directory.open(hash);
    room.have(this.peer);
    return this.take(hash, 'holder', room.holderCount);
  }

  /**
   * `page:want`. A holder never becomes a visitor of its own page (it would be
   * asked for bytes it has, or wait on itself), and a connection already sent
   * the page is not sent it again: both are acknowledged with the count and
   * change nothing. Leaving the page and asking again is refused until
   * `resendAfterMs` after it was sent: each want would cost a holder an upload.
   * A connection that has not read what it was sent waits (`deferred`): its
   * want asks no holder until it reads, so the sidecar never fetches pages
   * faster than their reader takes them.
   */
  want(hash: PageHash): Ack<HoldersAck> {
    const role = this.roles.get(hash);
    if (role === 'holder' || role === 'served') return { ok: true, holders: this.options.directory.holdersOf(hash) };
    const resent = role === undefined && this.resendRefusal(hash);
    if (resent) return resent;
    const refused = this.overLimit(hash);
    if (refused) return refused;
    if (role !== 'visitor' && !this.pace.keepingUp()) {
      this.defer(hash);
      return { ok: true, holders: this.options.directory.holdersOf(hash) };
    }
    return this.take(hash, 'visitor', this.register(hash));
  }

  /** `page:leave`: stop holding or wanting the page. An eviction is not forgotten. */
  leave(hash: PageHash): void {
    if (this.roles.get(hash) !== 'deferred') this.options.directory.find(hash)?.leave(this.peer);
    this.roles.delete(hash);
  }

  /** True while a want of this connection waits for it to read. */
  get behind(): boolean {
    for (const role of this.roles.values()) if (role === 'deferred') return true;
    return false;
  }

  /** The connection read its backlog: its deferred wants ask holders now. */
  resume(): void {
    for (const [hash, role] of this.roles) if (role === 'deferred') this.take(hash, 'visitor', this.register(hash));
  }

  /**
   * `page:watch` (v2): show the page's count, or stop. Only a holder or a
   * visitor of the page may start; the page state keeps who watches, and
   * forgets them when they leave or are dropped.
   */
  watch(hash: PageHash, on: boolean): Ack<HoldersAck> {
    // A deferred visitor is not in the page state yet; as a visitor it gets the count once its want is registered.
    if (this.roles.get(hash) === 'deferred') return { ok: true, holders: this.options.directory.holdersOf(hash) };
    const room = this.options.directory.find(hash);
    if (room?.watch(this.peer, on)) return { ok: true, holders: room.holderCount };
    if (!on) return { ok: true, holders: 0 };
    return failure('bad_request', 'hold or want this page (page:have or page:want) before watching it');
  }

  /**
   * The page's verified bytes for this visitor: true when they go to it now.
   * Bytes that would take its backlog past the cap are not queued: the want
   * waits for it to read; asked again then, it costs a holder one more upload.
   */
  accept(hash: PageHash, bytes: Uint8Array): boolean {
    const visitor = this.roles.get(hash) === 'visitor';
    if (!this.pace.takesNow(bytes.byteLength)) {
      if (visitor) this.defer(hash);
      return false;
    }
    if (visitor) this.served(hash);
    return true;
  }

  /** The page state drops this connection as a holder of the page: it may not hold the page again here. */
  evicted(hash: PageHash): void {
    this.evictedFrom.add(hash);
    this.roles.delete(hash);
  }

  /** The connection is gone: it leaves every page it was part of. */
  dispose(): void {
    this.pace.dispose();
    this.options.directory.detach(this.peer);
    for (const [hash, role] of this.roles) if (role !== 'deferred') this.options.directory.find(hash)?.leave(this.peer);
    this.roles.clear();
    this.evictedFrom.clear();
    this.sentAt.clear();
  }

  private resendRefusal(hash: PageHash): Ack<HoldersAck> | undefined {
    const sent = this.sentAt.get(hash);
    if (sent === undefined) return undefined;
    const wait = sent + this.options.resendAfterMs - Date.now();
    if (wait <= 0) {
      this.sentAt.delete(hash);
      return undefined;
    }
    return failure(
      'rate_limited',
      `this connection was sent this page moments ago; it may ask for it again in ${Math.ceil(wait / 1000)} s`,
    );
  }

  private overLimit(hash: PageHash): Ack<HoldersAck> | undefined {
    if (this.roles.has(hash) || this.size < this.options.pagesPerConnection) return undefined;
    const limit = this.options.pagesPerConnection;
    return failure('too_many_pages', `a connection may hold or want at most ${limit} pages; leave one first`);
  }

  /** Joins the page's waiting visitors; returns its holder count. */
  private register(hash: PageHash): number {
    const room = this.options.directory.open(hash);
    room.want(this.peer);
    return room.holderCount;
  }

  private served(hash: PageHash): void {
    this.roles.set(hash, 'served');
    this.sentAt.delete(hash);
    this.sentAt.set(hash, Date.now());
    if (this.sentAt.size > this.options.pagesPerConnection) this.sentAt.delete(this.sentAt.keys().next().value!);
  }

  private defer(hash: PageHash): void {
    this.roles.set(hash, 'deferred');
    this.pace.waitFor(this);
  }

  private take(hash: PageHash, role: Role, holders: number): Ack<HoldersAck> {
    this.roles.set(hash, role);
    return { ok: true, holders };
  }
}
