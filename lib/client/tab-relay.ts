import { isPageHash } from '../hash';
import { openRelaySocket, RelayClient } from '../relay-client';
import { pageLimitFromMeta, RELAY_META_NAME, resolveRealtimeUrl } from '../web/relay-meta';
import { showEarlyText } from './early-text';
import { sessionPageStore } from './session-page-store';
import type { EarlyWant } from './tab-relay-handle';

let tabClient: RelayClient | undefined;
let earlyWant: EarlyWant | undefined;
let settled: Promise<void> = Promise.resolve();

/** Longest the viewer's render waits for the early start, from navigation start: a slow holder must not freeze the page. */
const SETTLE_DEADLINE_MS = 1000;

/**
 * Settles once the early want has done what the reader sees first: shown the
 * page, failed, or learned that it must wait (nobody holds the page, the relay
 * cannot be reached or refuses the tab); at the latest at the deadline.
 */
function settleWhenShownOrWaiting(client: RelayClient, hash: string, want: Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    const offHolders = client.on('holders', (count) => {
      if (count.hash === hash && count.holders === 0) done();
    });
    const offConnection = client.on('connection', (status) => {
      if (status.state !== 'connecting' && status.state !== 'connected') done();
    });
    const timer = setTimeout(done, Math.max(0, SETTLE_DEADLINE_MS - performance.now()));
    want.then(done, done);
    function done() {
      offHolders();
      offConnection();
      clearTimeout(timer);
      resolve();
    }
  });
}

/**
 * The tab's one relay client, made on first use: by the early start when its
 * script runs (the viewer then takes it through the handle,
 * lib/client/tab-relay-handle.ts), otherwise by the RealtimeProvider, which imports this module.
 */
export function tabRelayClient(configuredUrl: string, maxPageBytes: number): RelayClient {
  if (tabClient) return tabClient;
  const url = resolveRealtimeUrl(configuredUrl, window.location);
  const socket = openRelaySocket(url, {
    // WebSocket first: with several sidecar nodes behind a load balancer,
    // long-polling needs sticky sessions; it stays as a fallback for networks that block WebSocket.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 2000,
  });
  tabClient = new RelayClient(socket, { url, maxPageBytes, store: sessionPageStore(window.sessionStorage) });
  return tabClient;
}

/**
 * Opens the relay connection as soon as the early start's script runs, before
 * the app's code has even loaded (lib/client/early-start.ts), and on a page
 * address asks for the page at once and shows its text when it arrives. The
 * client verifies the bytes against the address before anything can be
 * shown; the app adopts the client and the want.
 * Does nothing when the server named no relay.
 */
export function startTabRelayEarly(): void {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${RELAY_META_NAME}"]`);
  if (!meta && document.readyState === 'loading') {
    // The code ran before the parser reached the head's end: start once it has.
    document.addEventListener('DOMContentLoaded', startTabRelayEarly, { once: true });
    return;
  }
  const configured = meta?.content;
  if (!configured || tabClient) return;
  const client = tabRelayClient(configured, pageLimitFromMeta());
  client.start();
  const hash = window.location.pathname.slice(1);
  if (!isPageHash(hash)) return;
  const controller = new AbortController();
  const promise = client.want(hash, { hold: true, signal: controller.signal });
  // Unhandled until the viewer takes it; an abort then is the viewer's own.
  promise.then(showEarlyText, () => {});
  earlyWant = { hash, promise, abort: () => controller.abort() };
  settled = settleWhenShownOrWaiting(client, hash, promise);
}

/**
 * Settles when the viewer may load without taking the main thread from the
 * early want (see settleWhenShownOrWaiting); at once when there is none.
 */
export function earlyWantSettled(): Promise<void> {
  return settled;
}

/**
 * The want sent early for this page, if any, given to its new owner (once):
 * the returned promise settles with the page's verified bytes, and `abort`
 * stops waiting, as the owner's own want would.
 */
export function takeEarlyWant(hash: string): EarlyWant | undefined {
  if (earlyWant?.hash !== hash) return undefined;
  const taken = earlyWant;
  earlyWant = undefined;
  return taken;
}
