import type { QueryClient } from '@tanstack/react-query';
import type { Socket } from 'socket.io-client';
import { asUint8Array, sha256Hex } from '../lib/hash';
import type { Ack, ClientToServerEvents, EvictReason, PageBytes, ServerToClientEvents } from '../lib/protocol';
import { decodeHeldPages, encodeHeldPages } from '../lib/client/held-pages-codec';
import { queryKeys, type ConnectionState } from '../lib/client/query-keys';

export type RelaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const STORAGE_KEY = 'ephemeral-p2p:held-pages';
const ACK_TIMEOUT_MS = 10_000;

const EVICT_REASONS: Record<EvictReason, string> = {
  bad_bytes: 'its copy did not match the address',
  too_large: 'its copy was over the size limit',
  timeout: 'it did not answer in time',
};

interface PendingWant {
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * Everything this tab does on the relay: holding pages (answering
 * `page:request`), wanting pages, and re-announcing both after a reconnect.
 * It writes what it learns into the query cache, which the UI reads.
 */
export class PageRelay {
  private readonly wants = new Map<string, PendingWant>();
  private restored: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: RelaySocket,
    private readonly queries: QueryClient,
    private readonly storage: Storage,
  ) {}

  /** Attaches the listeners, restores pages held before a reload and connects. Returns the undo. */
  start(): () => void {
    this.listen('on');
    this.restored = this.restoreHeldPages();
    this.socket.connect();
    return () => {
      this.listen('off');
      this.socket.disconnect();
    };
  }

  private listen(method: 'on' | 'off'): void {
    const socket = this.socket;
    socket[method]('connect', this.onConnect);
    socket[method]('disconnect', this.onDisconnect);
    socket[method]('connect_error', this.onDisconnect);
    socket[method]('page:request', this.onRequest);
    socket[method]('page:content', this.onContent);
    socket[method]('page:holders', this.onHolders);
    socket[method]('page:evicted', this.onEvicted);
  }

  /**
   * Hashes the bytes, holds them and announces them. Resolves to the page's
   * address. A private page's bytes are already sealed; its `key` is kept so
   * this tab's links to it open it.
   */
  async share(bytes: Uint8Array, key?: string): Promise<string> {
    const hash = await sha256Hex(bytes);
    if (key) this.queries.setQueryData(queryKeys.pageKey(hash), key);
    this.hold(hash, bytes);
    return hash;
  }

  /** Keeps the link key that opened a private page, across reloads while the page is held. */
  rememberKey(hash: string, key: string): void {
    if (this.queries.getQueryData<string>(queryKeys.pageKey(hash)) === key) return;
    this.queries.setQueryData(queryKeys.pageKey(hash), key);
    this.persist(this.heldHashes());
  }

  /** Holds a page this tab already has the bytes of (after a Stop, for instance). */
  holdAgain(hash: string): void {
    const bytes = this.queries.getQueryData<Uint8Array>(queryKeys.page(hash));
    if (bytes) this.hold(hash, bytes);
  }

  /** Stops holding a page: the relay will no longer ask this tab for it. */
  stop(hash: string): void {
    this.setHeld(this.heldHashes().filter((h) => h !== hash));
    this.queries.removeQueries({ queryKey: queryKeys.holders(hash), exact: true });
    this.queries.setQueryData(queryKeys.notice(hash), null);
    if (this.socket.connected) this.socket.emit('page:leave', { hash }, () => {});
  }

  /**
   * The page query's function: the page's verified bytes, from this tab if it
   * holds them, otherwise from a holder through the relay. It waits as long as
   * it takes, so a page with no holder appears when one comes back.
   */
  async want(hash: string, signal: AbortSignal): Promise<Uint8Array> {
    await this.restored;
    const own = this.queries.getQueryData<Uint8Array>(queryKeys.page(hash));
    if (own) return own;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.wants.set(hash, { resolve, reject });
      signal.addEventListener('abort', () => {
        if (this.wants.get(hash)?.resolve !== resolve) return;
        this.wants.delete(hash);
        if (this.socket.connected) this.socket.emit('page:leave', { hash }, () => {});
        reject(new Error('stopped asking for this page'));
      });
      if (this.socket.connected) this.sendWant(hash);
    });
  }

  /** True when closing the tab would lose a page: this tab is its only known holder. */
  isLastHolderOfAny(): boolean {
    return this.heldHashes().some((hash) => (this.queries.getQueryData<number>(queryKeys.holders(hash)) ?? 0) <= 1);
  }

  private heldHashes(): string[] {
    return this.queries.getQueryData<string[]>(queryKeys.held) ?? [];
  }

  private hold(hash: string, bytes: Uint8Array): void {
    this.queries.setQueryData(queryKeys.page(hash), bytes);
    this.queries.setQueryData(queryKeys.notice(hash), null);
    const held = this.heldHashes();
    if (!held.includes(hash)) this.setHeld([...held, hash]);
    if (this.socket.connected) this.announce(hash);
  }

  private setHeld(hashes: string[]): void {
    this.queries.setQueryData(queryKeys.held, hashes);
    this.persist(hashes);
  }

  private persist(hashes: string[]): void {
    const pages = hashes.flatMap((hash) => {
      const bytes = this.queries.getQueryData<Uint8Array>(queryKeys.page(hash));
      const key = this.queries.getQueryData<string>(queryKeys.pageKey(hash));
      return bytes ? [{ hash, bytes, key }] : [];
    });
    try {
      this.storage.setItem(STORAGE_KEY, encodeHeldPages(pages));
    } catch {
      // Over the browser's storage quota: holding still works, only a reload would lose them.
      for (const hash of hashes) {
        this.queries.setQueryData(queryKeys.notice(hash), 'Too much to remember across a reload: reloading this tab will drop the pages it holds.');
      }
    }
  }

  /** Takes back the pages held before a reload; the connect handler announces them. */
  private async restoreHeldPages(): Promise<void> {
    const restored: string[] = [];
    for (const { hash, bytes, key } of decodeHeldPages(this.storage.getItem(STORAGE_KEY))) {
      // Never serve bytes that no longer match their address.
      if ((await sha256Hex(bytes)) !== hash) continue;
      this.queries.setQueryData(queryKeys.page(hash), bytes);
      if (key) this.queries.setQueryData(queryKeys.pageKey(hash), key);
      restored.push(hash);
    }
    this.setHeld([...new Set([...this.heldHashes(), ...restored])]);
  }

  private announce(hash: string): void {
    this.socket.timeout(ACK_TIMEOUT_MS).emit('page:have', { hash }, (err, res) => {
      if (err) return; // A reconnect re-announces.
      if (this.acceptHoldersAck(hash, res)) return;
      this.setHeld(this.heldHashes().filter((h) => h !== hash));
      this.queries.setQueryData(queryKeys.notice(hash), `The relay would not let this tab hold the page: ${res.message}`);
    });
  }

  private sendWant(hash: string): void {
    this.socket.timeout(ACK_TIMEOUT_MS).emit('page:want', { hash }, (err, res) => {
      if (err || this.acceptHoldersAck(hash, res)) return;
      const want = this.wants.get(hash);
      this.wants.delete(hash);
      want?.reject(new Error(res.message));
    });
  }

  /** Records the holder count from a successful ack; false for a failure. */
  private acceptHoldersAck(hash: string, res: Ack<{ holders: number }>): res is { ok: true; holders: number } {
    if (!res.ok) return false;
    this.queries.setQueryData(queryKeys.holders(hash), res.holders);
    return true;
  }

  private readonly onConnect = () => {
    this.queries.setQueryData<ConnectionState>(queryKeys.connection, 'connected');
    // The relay forgets everything when a connection drops: tell it again.
    void this.restored.then(() => {
      for (const hash of this.heldHashes()) this.announce(hash);
      for (const hash of this.wants.keys()) this.sendWant(hash);
    });
  };

  private readonly onDisconnect = () => {
    this.queries.setQueryData<ConnectionState>(queryKeys.connection, 'offline');
  };

  private readonly onRequest = ({ hash }: { hash: string }, answer: (res: { ok: true; bytes: PageBytes } | { ok: false }) => void) => {
    const bytes = this.heldHashes().includes(hash) ? this.queries.getQueryData<Uint8Array>(queryKeys.page(hash)) : undefined;
    answer(bytes ? { ok: true, bytes } : { ok: false });
  };

  private readonly onContent = async ({ hash, bytes }: { hash: string; bytes: PageBytes }) => {
    const want = this.wants.get(hash);
    if (!want) return;
    this.wants.delete(hash);
    const view = asUint8Array(bytes);
    if ((await sha256Hex(view)) !== hash) {
      want.reject(new Error('The bytes that arrived do not match this address, so they were not shown.'));
      return;
    }
    this.hold(hash, view);
    want.resolve(view);
  };

  private readonly onHolders = ({ hash, holders }: { hash: string; holders: number }) => {
    this.queries.setQueryData(queryKeys.holders(hash), holders);
  };

  private readonly onEvicted = ({ hash, reason }: { hash: string; reason: EvictReason }) => {
    this.setHeld(this.heldHashes().filter((h) => h !== hash));
    this.queries.removeQueries({ queryKey: queryKeys.holders(hash), exact: true });
    this.queries.setQueryData(
      queryKeys.notice(hash),
      `The relay stopped asking this tab for this page because ${EVICT_REASONS[reason] ?? 'of an error'}.`,
    );
  };
}
