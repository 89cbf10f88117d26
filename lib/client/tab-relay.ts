import { isPageHash } from '../hash';
import { openRelaySocket, RelayClient } from '../relay-client';
import { DEFAULT_PAGE_MAX_BYTES } from '../limits';
import { PAGE_LIMIT_META_NAME, RELAY_META_NAME, resolveRealtimeUrl } from '../web/relay-meta';
import { showEarlyText } from './early-text';
import { sessionPageStore } from './session-page-store';
import type { EarlyWant } from './tab-relay-handle';

let tabClient: RelayClient | undefined;
let earlyWant: EarlyWant | undefined;

/**
 * The tab's one relay client, made on first use: by the early start when its
 * script runs, otherwise by the RealtimeProvider (through the handle, lib/client/tab-relay-handle.ts).
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
  const limit = Number(document.querySelector<HTMLMetaElement>(`meta[name="${PAGE_LIMIT_META_NAME}"]`)?.content);
  const client = tabRelayClient(configured, Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PAGE_MAX_BYTES);
  client.start();
  const hash = window.location.pathname.slice(1);
  if (!isPageHash(hash)) return;
  const controller = new AbortController();
  const promise = client.want(hash, { hold: true, signal: controller.signal });
  // Unhandled until the viewer takes it; an abort then is the viewer's own.
  promise.then(showEarlyText, () => {});
  earlyWant = { hash, promise, abort: () => controller.abort() };
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
