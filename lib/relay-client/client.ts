import { sha256Hex } from '../hash';
import type { Ack, ClientToServerEvents, PageHash, RequestAnswer } from '../protocol';
import { Emitter } from './emitter';
import { contentOf, countOf, evictionOf, hashOf, holdersAckOf } from './inbound';
import { RelayError } from './errors';
import { refusalOf, type ConnectionStatus, type HoldStatus } from './status';
import type { HeldPage, HeldPageStore } from './store';
import { HANDSHAKE_AUTH, type RelaySocket } from './socket';

/** What a {@link RelayClient} tells its listeners. Listeners must not throw. */
export interface RelayClientEvents {
  connection: ConnectionStatus;
  /** A page's hold status changed (taken, announced, acknowledged, refused, evicted, released). */
  hold: { hash: PageHash; status: HoldStatus };
  /**
   * A page's live holder count, from an acknowledgement or `page:holders`.
   * Live only while the page is watched (see {@link RelayClient.watch}) or wanted.
   */
  holders: { hash: PageHash; holders: number };
  /** This client became, or stopped being, a held page's only holder (from `page:sole` or a count). */
  sole: { hash: PageHash; sole: boolean };
  /** This client answered a `page:request`; `served` is false when it did not hold the page. */
  request: { hash: PageHash; served: boolean };
  /** Every acknowledgement the relay sent, for programs that count them (the benchmark). */
  ack: { event: keyof ClientToServerEvents; hash: PageHash; res: Ack };
  /** The store refused the held pages (a full browser storage): a reload would lose them. */
  unsaved: { error: unknown };
}

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

interface Held {
  bytes: Uint8Array;
  key?: string;
  status: HoldStatus;
}

interface Waiter {
  hold: boolean;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: RelayError) => void;
}

const DEFAULT_ACK_TIMEOUT_MS = 10_000;
/**
 * After a `relay_full` refusal: the relay's Retry-After (5 s), spread over a
 * few more so a full relay's refused tabs do not all come back at once.
 */
const FULL_RETRY_MS = 5000;
const FULL_RETRY_SPREAD_MS = 5000;
const ignore = () => {};

/**
 * The one client of the relay protocol, free of any UI framework and of the
 * DOM: the browser, the command line, the benchmark and the tests all use it.
 * It holds pages (answering `page:request` only for those), wants pages
 * (verifying every byte that arrives), and tells the relay again after a
 * reconnect: the relay forgets a connection's pages when it drops.
 */
export class RelayClient extends Emitter<RelayClientEvents> {
  private readonly socket: RelaySocket;
  private readonly url: string;
  private readonly maxPageBytes: number;
  private readonly store?: HeldPageStore;
  private readonly ackTimeoutMs: number;
  private readonly pages = new Map<PageHash, Held>();
  private readonly wants = new Map<PageHash, Set<Waiter>>();
  private readonly counts = new Map<PageHash, number>();
  /** Pages this program shows the count of: watched on the relay whenever they are held. */
  private readonly watched = new Set<PageHash>();
  /** Held pages of which this client is the only holder, as far as the relay said. */
  private readonly alone = new Set<PageHash>();
  private status: ConnectionStatus = { state: 'connecting' };
  private running = false;
  private restoreStarted = false;
  /** While restoring, saving would overwrite the store with the pages restored so far. */
  private restoring = false;
  /** Settles once stored pages are back, so a page held before a reload is never wanted. */
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  private fullRetry: ReturnType<typeof setTimeout> | undefined;

  constructor(socket: RelaySocket, options: RelayClientOptions) {
    super();
    this.socket = socket;
    this.url = options.url;
    this.maxPageBytes = options.maxPageBytes;
    this.store = options.store;
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
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
    if (!this.restoreStarted) {
      this.restoreStarted = true;
      void this.restore().finally(this.markReady);
    }
  }

  /**
   * Disconnects. Held pages stay held here (and stored) and waiting wants stay
   * waiting, for a later `start()`; end a want with its AbortSignal.
   */
  close(): void {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.fullRetry);
    this.listen('off');
    this.socket.disconnect();
    this.unannounce();
    this.setConnection({ state: 'closed' });
  }

  get connection(): ConnectionStatus {
    return this.status;
  }

  /** Addresses of the pages held here, in the order they were taken. */
  held(): PageHash[] {
    return [...this.pages.keys()];
  }

  /** Addresses of the pages wanted here and not arrived yet. */
  wanted(): PageHash[] {
    return [...this.wants.keys()];
  }

  /** A page held here, with its link key if it has one. */
  page(hash: PageHash): HeldPage | undefined {
    const held = this.pages.get(hash);
    return held && { hash, bytes: held.bytes, ...(held.key ? { key: held.key } : {}) };
  }

  holdStatus(hash: PageHash): HoldStatus | undefined {
    return this.pages.get(hash)?.status;
  }

  /** The last holder count heard for a page held or wanted here. */
  holders(hash: PageHash): number | undefined {
    return this.counts.get(hash);
  }

  /** True when the relay said this client is the only holder of a page it holds. */
  isOnlyHolder(hash: PageHash): boolean {
    return this.alone.has(hash);
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
    if (this.socket.connected && this.pages.get(hash)?.status.state === 'holding') this.sendWatch(hash, on);
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
    const held = this.pages.get(hash);
    if (!held || held.key === key) return;
    held.key = key;
    this.save();
  }

  /** Stops holding a page: the relay no longer asks this client for it. */
  stop(hash: PageHash): void {
    if (!this.pages.has(hash)) return;
    this.drop(hash, { state: 'released' });
    if (this.socket.connected) this.socket.emit('page:leave', { hash }, ignore);
  }

  /**
   * The page's verified bytes: its own copy if held here (never asking the
   * relay for a page held here), otherwise from a holder through the relay.
   * It waits as long as it takes, across reconnects and while nobody holds
   * the page; bound it with `signal`.
   */
  async want(hash: PageHash, { hold, signal }: WantOptions): Promise<Uint8Array> {
    await this.ready;
    const own = this.pages.get(hash);
    if (own) return own.bytes;
    if (signal?.aborted) throw aborted();
    return new Promise<Uint8Array>((resolve, reject) => {
      let detach = () => {};
      const waiter: Waiter = {
        hold,
        resolve: (bytes) => {
          detach();
          resolve(bytes);
        },
        reject: (error) => {
          detach();
          reject(error);
        },
      };
      if (signal) {
        const stopWaiting = () => this.dropWaiter(hash, waiter);
        signal.addEventListener('abort', stopWaiting, { once: true });
        detach = () => signal.removeEventListener('abort', stopWaiting);
      }
      const waiters = this.wants.get(hash);
      if (waiters) return void waiters.add(waiter);
      this.wants.set(hash, new Set([waiter]));
      if (this.socket.connected) this.sendWant(hash);
    });
  }

  /** Resolves with the page's status once the relay has answered its `page:have` (or it was dropped). */
  announced(hash: PageHash): Promise<HoldStatus | undefined> {
    const current = this.pages.get(hash)?.status;
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
    socket[method]('page:request', this.onRequest);
    socket[method]('page:content', this.onContent);
    socket[method]('page:holders', this.onHolders);
    socket[method]('page:sole', this.onSole);
    socket[method]('page:evicted', this.onEvicted);
  }

  /** Holds verified bytes: answers wants for them here, stores them, announces them. */
  private take(hash: PageHash, bytes: Uint8Array, key: string | undefined): void {
    const existing = this.pages.get(hash);
    if (existing) {
      if (key) this.setKey(hash, key);
      return;
    }
    const status: HoldStatus = { state: 'announcing' };
    this.pages.set(hash, { bytes, ...(key ? { key } : {}), status });
    const waiters = this.wants.get(hash);
    if (waiters) {
      this.wants.delete(hash);
      // A connection is a page's holder or its visitor: stop wanting before announcing.
      if (this.socket.connected) this.socket.emit('page:leave', { hash }, ignore);
      for (const waiter of waiters) waiter.resolve(bytes);
    }
    this.emit('hold', { hash, status });
    this.save();
    if (this.socket.connected) this.announce(hash);
  }

  /** Lets go of a held page, saying why. */
  private drop(hash: PageHash, status: HoldStatus): void {
    this.pages.delete(hash);
    this.counts.delete(hash);
    this.setAlone(hash, false);
    this.save();
    this.emit('hold', { hash, status });
  }

  private setStatus(hash: PageHash, held: Held, status: HoldStatus): void {
    held.status = status;
    this.emit('hold', { hash, status });
  }

  private setConnection(status: ConnectionStatus): void {
    this.status = status;
    this.emit('connection', status);
  }

  private setCount(hash: PageHash, holders: number): void {
    this.counts.set(hash, holders);
    if (this.pages.has(hash)) this.setAlone(hash, holders === 1);
    this.emit('holders', { hash, holders });
  }

  private setAlone(hash: PageHash, alone: boolean): void {
    if (this.alone.has(hash) === alone) return;
    if (alone) this.alone.add(hash);
    else this.alone.delete(hash);
    this.emit('sole', { hash, sole: alone });
  }

  private sendWatch(hash: PageHash, on: boolean): void {
    this.socket.timeout(this.ackTimeoutMs).emit('page:watch', { hash, watch: on }, (err, answer) => {
      const res = holdersAckOf(answer);
      if (err || !res) return;
      this.emit('ack', { event: 'page:watch', hash, res });
      if (res.ok && this.pages.get(hash)?.status.state === 'holding') this.setCount(hash, res.holders);
    });
  }

  private announce(hash: PageHash): void {
    this.socket.timeout(this.ackTimeoutMs).emit('page:have', { hash }, (err, answer) => {
      const res = holdersAckOf(answer);
      // No answer (or none that makes sense): still announcing; the next connection announces it again.
      if (err || !res) return;
      this.emit('ack', { event: 'page:have', hash, res });
      const held = this.pages.get(hash);
      if (!held) return;
      if (!res.ok) return this.drop(hash, { state: 'refused', error: res.error, message: res.message });
      this.setStatus(hash, held, { state: 'holding' });
      this.setCount(hash, res.holders);
      if (this.watched.has(hash)) this.sendWatch(hash, true);
    });
  }

  private sendWant(hash: PageHash): void {
    this.socket.timeout(this.ackTimeoutMs).emit('page:want', { hash }, (err, answer) => {
      const res = holdersAckOf(answer);
      // No answer (or none that makes sense): the want stays; the next connection sends it again.
      if (err || !res) return;
      this.emit('ack', { event: 'page:want', hash, res });
      const waiters = this.wants.get(hash);
      if (!waiters) return;
      if (res.ok) return this.setCount(hash, res.holders);
      this.wants.delete(hash);
      this.counts.delete(hash);
      for (const waiter of waiters) waiter.reject(new RelayError(res.error, res.message));
    });
  }

  private dropWaiter(hash: PageHash, waiter: Waiter): void {
    const waiters = this.wants.get(hash);
    if (!waiters?.delete(waiter)) return;
    waiter.reject(aborted());
    if (waiters.size > 0) return;
    this.wants.delete(hash);
    this.counts.delete(hash);
    if (this.socket.connected) this.socket.emit('page:leave', { hash }, ignore);
  }

  private save(): void {
    if (!this.store || this.restoring) return;
    const pages = [...this.pages.keys()].map((hash) => this.page(hash)!);
    try {
      this.store.save(pages);
    } catch (error) {
      this.emit('unsaved', { error });
    }
  }

  /** Holds the stored pages again, each only if its bytes still hash to its address. */
  private async restore(): Promise<void> {
    if (!this.store) return;
    this.restoring = true;
    try {
      for (const { hash, bytes, key } of await this.store.load()) {
        if ((await sha256Hex(bytes)) === hash) this.take(hash, bytes, key);
      }
    } catch {
      // An unreadable store is an empty one: the client still starts.
    } finally {
      this.restoring = false;
    }
    // Drops what did not verify, keeps what was taken meanwhile.
    this.save();
  }

  private readonly onConnect = () => {
    this.setConnection({ state: 'connected' });
    // The relay forgot this connection's pages with the last one: tell it again.
    for (const hash of this.pages.keys()) this.announce(hash);
    for (const hash of this.wants.keys()) this.sendWant(hash);
  };

  /** The relay forgets a connection's pages when it drops: none is acknowledged any more. */
  private unannounce(): void {
    for (const [hash, held] of this.pages) {
      if (held.status.state === 'holding') this.setStatus(hash, held, { state: 'announcing' });
    }
  }

  private readonly onDisconnect = () => {
    this.unannounce();
    // `active` stays true on a socket made with `reconnection: false`, which will not come back.
    const retrying = this.socket.active && this.socket.io.reconnection();
    this.setConnection(retrying ? { state: 'reconnecting' } : { state: 'closed' });
  };

  private readonly onConnectError = (err: Error) => {
    const refusal = refusalOf(err);
    this.setConnection(
      refusal ? { state: 'refused', refusal } : { state: 'unreachable', url: this.url, message: err.message },
    );
    // Socket.IO retries no refusal; a full relay is the one that passes on its own (its message says it retries).
    if (refusal?.code === 'relay_full' && this.socket.io.reconnection()) {
      clearTimeout(this.fullRetry);
      this.fullRetry = setTimeout(() => this.socket.connect(), FULL_RETRY_MS + Math.random() * FULL_RETRY_SPREAD_MS);
    }
  };

  private readonly onRequest = (payload: unknown, answer: unknown) => {
    const hash = hashOf(payload);
    if (hash === null || typeof answer !== 'function') return;
    const held = this.pages.get(hash);
    (answer as (res: RequestAnswer) => void)(held ? { ok: true, bytes: held.bytes } : { ok: false });
    this.emit('request', { hash, served: held !== undefined });
  };

  private readonly onContent = async (payload: unknown) => {
    // Unasked, mistyped or oversized: dropped before hashing (a want still waits for real bytes).
    const content = contentOf(payload, this.maxPageBytes);
    const waiters = content && this.wants.get(content.hash);
    if (!content || !waiters) return;
    const { hash, bytes: view } = content;
    this.wants.delete(hash);
    if ((await sha256Hex(view)) !== hash) {
      this.counts.delete(hash);
      for (const waiter of waiters) waiter.reject(badBytes());
      return;
    }
    if ([...waiters].some((waiter) => waiter.hold)) this.take(hash, view, undefined);
    else if (!this.pages.has(hash)) this.counts.delete(hash);
    for (const waiter of waiters) waiter.resolve(view);
  };

  private readonly onHolders = (payload: unknown) => {
    const count = countOf(payload);
    // A late count for a page let go of must not bring its count back.
    if (count && (this.pages.has(count.hash) || this.wants.has(count.hash))) this.setCount(count.hash, count.holders);
  };

  private readonly onSole = (payload: unknown) => {
    const hash = hashOf(payload);
    if (hash !== null && this.pages.has(hash)) this.setAlone(hash, (payload as { sole?: unknown }).sole === true);
  };

  private readonly onEvicted = (payload: unknown) => {
    const notice = evictionOf(payload);
    if (notice && this.pages.has(notice.hash)) this.drop(notice.hash, { state: 'evicted', reason: notice.reason });
  };
}

function badBytes(): RelayError {
  return new RelayError('bad_bytes', 'The bytes that arrived do not match this address, so they were dropped.');
}

function aborted(): RelayError {
  return new RelayError('aborted', 'Stopped waiting for this page.');
}
