/**
 * The early start: a script of its own (npm run build:early bundles it into
 * public/early-start.js), loaded ahead of the app by a nonce'd tag: parser-blocking
 * in Next's layout, so it runs before any of the framework's scripts can hold
 * the main thread; deferred in the viewer document (lib/web/viewer-document.ts),
 * where only the viewer's module follows it. It opens the relay connection, asks for the page, shows its
 * verified text, and hands the client and the want to the app when it hydrates.
 */
import { publishTabRelay } from './tab-relay-handle';
import { earlyWantSettled, startTabRelayEarly, tabRelayClient, takeEarlyWant } from './tab-relay';

// Outside a secure context (plain http on a LAN address) there is no WebCrypto,
// and the hash check needs @noble/hashes, which this script leaves out to stay
// small: it stands aside, and the app loads the relay client itself (components/RealtimeProvider.tsx).
if (globalThis.crypto?.subtle) {
  publishTabRelay({ tabRelayClient, takeEarlyWant, earlyWantSettled });
  startTabRelayEarly();
}
