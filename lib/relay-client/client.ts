import { sha256Hex } from '../hash';
import type { PageHash } from '../protocol';
import type { RelayClientEvents } from './client-events';
import { Connection } from './connection';
import { Emitter, type Emit } from './emitter';
import { aborted, badBytes } from './errors';
import { HeldPageStorage } from './held-page-storage';
import { PageBook } from './page-book';
import { PageCalls } from './page-calls';
import { PageEvents } from './page-events';
import type { ConnectionStatus, HoldStatus } from './status';
import type { HeldPage, HeldPageStore } from './store';
import { HANDSHAKE_AUTH, type RelaySocket } from './socket';
import { waitForBytes } from './waiter';

export interface RelayClientOptions {
  /** The relay's address, named when it cannot be reached. */
  url: string;
  /**
   * The largest page this client takes from the relay (the app's
   * `pageMaxBytes`): bytes over it are dropped before they are hashed or kept.
   */
  maxPageBytes: number;
  /** Where held pages outlive this client; none: they live as long as it does. */
  store?: HeldPageStore;
  /** How long a `page:have` or `page:want` may go unacknowledged on a live connection. */
  ackTimeoutMs?: number;
}

export interface WantOptions {
  /** Keep holding the page once it has arrived (and serve it to others), or only fetch it. */
  hold: boolean;
  /** Stops waiting: the promise rejects with a RelayError('aborted'). */
  signal?: AbortSignal;
}

/**
 * The one client of the relay protocol, free of any UI framework and of the
 * DOM: the browser, the command line, the benchmark and the tests all use it.
 * It holds pages (answering `page:request` only for those), wants pages
 * (verifying every byte that arrives), and tells the relay again after a
 * reconnect: the relay forgets a connection's pages when it drops.
 */
export class RelayClient extends Emitter<RelayClientEvents> {
  private readonly book: PageBook;
  private readonly calls: PageCalls;
  private readonly events: PageEvents;
  private readonly connectionStatus: Connection;
  private readonly storage: HeldPageStorage;
  /** Pages this program shows the count of, held or not yet: watched on the relay whenever they are held. */
  private readonly watched = new Set<PageHash>();
  private running = false;

  constructor(
    private readonly socket: RelaySocket,
    options: RelayClientOptions,
  ) {
    super();
    const emit: Emit<RelayClientEvents> = (event, payload) => this.emit(event, payload);
    this.storage = new HeldPageStorage(options.store, () => this.book.heldPages(), emit);
    this.book = new PageBook(emit, () => this.storage.save());
    this.calls = new PageCalls(socket, this.book, {
      ackTimeoutMs: options.ackTimeoutMs,
      isWatched: (hash) => this.watched.has(hash),
      emit,
    });
    this.events = new PageEvents(this.book, {
      maxPageBytes: options.maxPageBytes,
      hold: (hash, bytes) => this.take(hash, bytes, undefined),
      emit,
    });
    this.connectionStatus = new Connection(socket, options.url, emit);
  }

  /**
   * Listens, connects (or takes over a connected socket) and, the first time,
   * restores the stored pages. After `close()` it starts again: held pages are
   * announced and waiting wants sent again.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.socket.auth = { ...(typeof this.socket.auth === 'object' ? this.socket.auth : {}), ...HANDSHAKE_AUTH };
    this.listen('on');
    if (this.socket.connected) this.onConnect();
    else this.socket.connect();
    this.storage.restoreOnce(({ hash, bytes, key }) => this.take(hash, bytes, key));
  }

  /**
   * Disconnects. Held pages stay held here (and stored) and waiting wants stay
   * waiting, for a later `start()`; end a want with its AbortSignal.
   */
  close(): void {
    if (!this.running) return;
    this.running = false;
    this.listen('off');
    this.socket.disconnect();
    this.book.unannounce();
    this.connectionStatus.closed();
  }

  get connection(): ConnectionStatus {
    return this.connectionStatus.status;
  }

  /** Addresses of the pages held here, in the order they were taken. */
  held(): PageHash[] {
    return this.book.hashes('held');
  }

  /** Addresses of the pages wanted here and not arrived yet. */
  wanted(): PageHash[] {
    return this.book.hashes('wanted');
  }

  /** A page held here, with its link key if it has one. */
  page(hash: PageHash): HeldPage | undefined {
    return this.book.heldPage(hash);
  }

  holdStatus(hash: PageHash): HoldStatus | undefined {
    return this.book.held(hash)?.hold;
  }

  /** The last holder count heard for a page held or wanted here. */
  holders(hash: PageHash): number | undefined {
    return this.book.get(hash)?.holders;
  }

  /** True when the relay said this client is the only holder of a page it holds. */
  isOnlyHolder(hash: PageHash): boolean {
    return this.book.held(hash)?.sole ?? false;
  }

  /**
   * Shows a page's count (`on`), or no longer: while a held page is watched
   * the relay sends every change of its count (`holders` events), otherwise
   * only what acks carry. A browser watches what it shows while the tab is
   * visible. Kept across reconnects and holding the page again; the count
   * comes at once with the relay's ack.
   */
  watch(hash: PageHash, on: boolean): void {
    if (this.watched.has(hash) === on) return;
    if (on) this.watched.add(hash);
    else this.watched.delete(hash);
    // A page still being announced is watched once its page:have is acknowledged.
    if (this.book.held(hash)?.hold.state === 'holding') this.calls.watch(hash, on);
  }

  /** Hashes the bytes, holds them and announces them; resolves to the page's address. */
  async share(bytes: Uint8Array, options: { key?: string } = {}): Promise<PageHash> {
    const hash = await sha256Hex(bytes);
    this.take(hash, bytes, options.key);
    return hash;
  }

  /** Holds bytes this program already has; rejects with RelayError('bad_bytes') when they are not the page's. */
  async hold(hash: PageHash, bytes: Uint8Array, options: { key?: string } = {}): Promise<void> {
    if ((await sha256Hex(bytes)) !== hash) throw badBytes();
    this.take(hash, bytes, options.key);
  }

  /** Keeps a private page's link key with the held page, in the store too. */
  setKey(hash: PageHash, key: string): void {
    this.book.setKey(hash, key);
  }

  /** Stops holding a page: the relay no longer asks this client for it. */
  stop(hash: PageHash): void {
    if (!this.book.held(hash)) return;
    this.book.release(hash, { state: 'released' });
    this.calls.leave(hash);
  }

  /**
   * The page's verified bytes: its own copy if held here (never asking the
   * relay for a page held here), otherwise from a holder through the relay.
   * It waits as long as it takes, across reconnects and while nobody holds
   * the page; bound it with `signal`.
   */
  async want(hash: PageHash, { hold, signal }: WantOptions): Promise<Uint8Array> {
    await this.storage.restored;
    const own = this.book.held(hash);
    if (own) return own.bytes;
    if (signal?.aborted) throw aborted();
    return waitForBytes(hold, signal, {
      join: (waiter) => {
        if (this.book.wait(hash, waiter)) this.calls.want(hash);
      },
      leave: (waiter) => {
        if (this.book.stopWaiting(hash, waiter, aborted())) this.calls.leave(hash);
      },
    });
  }

  /** Resolves with the page's status once the relay has answered its `page:have` (or it was dropped). */
  announced(hash: PageHash): Promise<HoldStatus | undefined> {
    const current = this.holdStatus(hash);
    if (current?.state !== 'announcing') return Promise.resolve(current);
    return new Promise((resolve) => {
      const off = this.on('hold', (change) => {
        if (change.hash !== hash || change.status.state === 'announcing') return;
        off();
        resolve(change.status);
      });
    });
  }

  private listen(method: 'on' | 'off'): void {
    const socket = this.socket;
    socket[method]('connect', this.onConnect);
    socket[method]('disconnect', this.onDisconnect);
    socket[method]('connect_error', this.onConnectError);
    socket[method]('page:request', this.events.request);
    socket[method]('page:content', this.events.content);
    socket[method]('page:holders', this.events.holders);
    socket[method]('page:sole', this.events.sole);
    socket[method]('page:evicted', this.events.evicted);
  }

  /** Holds verified bytes: answers wants for them here, stores them, announces them. */
  private take(hash: PageHash, bytes: Uint8Array, key: string | undefined): void {
    const before = this.book.get(hash);
    if (before?.state === 'held') {
      if (key) this.book.setKey(hash, key);
      return;
    }
    this.book.hold(hash, bytes, key);
    // A connection is a page's holder or its visitor: stop wanting before announcing.
    if (before?.state === 'wanted') this.calls.leave(hash);
    this.calls.have(hash);
  }

  private readonly onConnect = () => {
    this.connectionStatus.connected();
    // The relay forgot this connection's pages with the last one: tell it again.
    for (const hash of this.book.hashes('held')) this.calls.have(hash);
    for (const hash of this.book.hashes('wanted')) this.calls.want(hash);
  };

  private readonly onDisconnect = () => {
    this.book.unannounce();
    this.connectionStatus.dropped();
  };

  private readonly onConnectError = (err: Error) => this.connectionStatus.failed(err);
}
