import type { QueryClient } from '@tanstack/react-query';
import type { RelayClient, RelayClientEvents } from '../relay-client';
// The status module alone: the relay client itself (and Socket.IO) is in the early start's script.
import { evictionReason, type HoldStatus } from '../relay-client/status';
import { queryKeys } from './query-keys';

const UNSAVED_NOTICE = 'Too much to remember across a reload: reloading this tab will drop the pages it holds.';

/** The sentence a page's hold status calls for, or null when all is well. */
function noticeFor(status: HoldStatus): string | null {
  switch (status.state) {
    case 'refused':
      return `The relay would not let this tab hold the page: ${status.message}`;
    case 'evicted':
      return `The relay stopped asking this tab for this page because ${evictionReason(status.reason)}.`;
    default:
      return null;
  }
}

export interface PageRelayOptions {
  /** A want the tab sent before React ran (lib/client/early-start.ts), for the page query to take over. */
  takeEarlyWant?: (hash: string) => { promise: Promise<Uint8Array>; abort: () => void } | undefined;
}

/**
 * The tab's relay client, seen through React Query: what the client reports
 * is written into the query cache, which the UI reads (components/realtime-hooks.ts).
 * Everything the protocol asks for happens in the client.
 */
export class PageRelay {
  /** How many meters show each page's count. */
  private readonly shown = new Map<string, number>();
  private visible = true;
  /** Pages the client held when this started: they came before the app did, none was shared from it. */
  private readonly heldAtStart = new Set<string>();

  constructor(
    private readonly client: RelayClient,
    private readonly queries: QueryClient,
    private readonly options: PageRelayOptions = {},
  ) {}

  /**
   * A meter shows this page's count: the relay sends its changes while the
   * tab is visible. Returns the undo, for when the meter goes away.
   */
  show(hash: string): () => void {
    this.shown.set(hash, (this.shown.get(hash) ?? 0) + 1);
    this.syncWatch(hash);
    return () => {
      const left = (this.shown.get(hash) ?? 1) - 1;
      if (left > 0) this.shown.set(hash, left);
      else this.shown.delete(hash);
      this.syncWatch(hash);
    };
  }

  /**
   * The tab became visible or hidden (Page Visibility API): a hidden tab
   * stops watching, so a background tab costs the relay no count messages;
   * a visible one watches again and gets the count at once.
   */
  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    for (const hash of this.shown.keys()) this.syncWatch(hash);
  }

  private syncWatch(hash: string): void {
    this.client.watch(hash, this.visible && this.shown.has(hash));
  }

  /** Subscribes to the client and starts it. Returns the undo (React effects may run it and start again). */
  start(): () => void {
    const client = this.client;
    const stops = [
      client.on('connection', (status) => this.queries.setQueryData(queryKeys.connection, status)),
      client.on('hold', this.onHold),
      client.on('holders', ({ hash, holders }) => this.queries.setQueryData(queryKeys.holders(hash), holders)),
      client.on('unsaved', this.onUnsaved),
    ];
    client.start();
    // The client may have been started before React ran: what it already knows goes in the cache.
    this.queries.setQueryData(queryKeys.connection, client.connection);
    for (const hash of client.held()) {
      this.heldAtStart.add(hash);
      this.onHold({ hash, status: client.holdStatus(hash)! });
    }
    for (const hash of [...client.held(), ...client.wanted()]) {
      const holders = client.holders(hash);
      if (holders !== undefined) this.queries.setQueryData(queryKeys.holders(hash), holders);
    }
    return () => {
      for (const stop of stops) stop();
      client.close();
    };
  }

  /** Whether the client held this page when this started: received by the early start, or kept across a reload. */
  heldBeforeStart(hash: string): boolean {
    return this.heldAtStart.has(hash);
  }

  /**
   * Hashes the bytes, holds them and announces them; resolves to the page's
   * address. A private page's bytes are already sealed; its `key` is kept so
   * this tab's links to it open it.
   */
  share(bytes: Uint8Array, key?: string): Promise<string> {
    return this.client.share(bytes, key ? { key } : {});
  }

  /** Keeps the link key that opened a private page, across reloads while the page is held. */
  rememberKey(hash: string, key: string): void {
    this.queries.setQueryData(queryKeys.pageKey(hash), key);
    this.client.setKey(hash, key);
  }

  /** Holds a page this tab already has the bytes of (after a Stop, for instance). */
  async holdAgain(hash: string): Promise<void> {
    const bytes = this.queries.getQueryData<Uint8Array>(queryKeys.page(hash));
    const key = this.queries.getQueryData<string>(queryKeys.pageKey(hash));
    if (bytes) await this.client.hold(hash, bytes, key ? { key } : {});
  }

  /** Stops holding a page: the relay will no longer ask this tab for it. */
  stop(hash: string): void {
    this.client.stop(hash);
  }

  /**
   * The page query's function: the page's verified bytes, from this tab if it
   * holds them, otherwise from a holder through the relay, then held here. It
   * waits as long as it takes, so a page with no holder appears when one comes back.
   */
  want(hash: string, signal: AbortSignal): Promise<Uint8Array> {
    const early = this.options.takeEarlyWant?.(hash);
    if (!early) return this.client.want(hash, { hold: true, signal });
    // Asked for before React ran: this query owns that want now, and ends it as it would its own.
    if (signal.aborted) early.abort();
    else signal.addEventListener('abort', early.abort, { once: true });
    return early.promise;
  }

  /**
   * True when closing the tab would lose a page: this tab is its only holder,
   * or no count has come yet. True in a background tab too: the relay says
   * when a holder becomes or stops being the only one, watching or not.
   */
  isLastHolderOfAny(): boolean {
    return this.client.held().some((hash) => this.client.holders(hash) === undefined || this.client.isOnlyHolder(hash));
  }

  private readonly onHold = ({ hash, status }: RelayClientEvents['hold']) => {
    const page = this.client.page(hash);
    if (page) {
      this.queries.setQueryData(queryKeys.page(hash), page.bytes);
      if (page.key) this.queries.setQueryData(queryKeys.pageKey(hash), page.key);
    } else {
      // Reset, not removed: a component showing the count would keep reading a removed query's last value.
      void this.queries.resetQueries({ queryKey: queryKeys.holders(hash), exact: true });
    }
    const before = this.queries.getQueryData<HoldStatus>(queryKeys.holdStatus(hash));
    this.queries.setQueryData(queryKeys.held, this.client.held());
    this.queries.setQueryData(queryKeys.holdStatus(hash), status);
    // A reconnect (holding to announcing) keeps the notice; taking the page again clears it.
    const taken = status.state === 'announcing' && before?.state !== 'holding';
    const notice = noticeFor(status);
    if (notice || taken || status.state === 'released') this.queries.setQueryData(queryKeys.notice(hash), notice);
  };

  private readonly onUnsaved = () => {
    for (const hash of this.client.held()) this.queries.setQueryData(queryKeys.notice(hash), UNSAVED_NOTICE);
  };
}
