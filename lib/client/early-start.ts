/**
 * The early start: a script of its own (npm run build:early bundles it into
 * public/early-start.js), the one script of the viewer document a shared link
 * opens (lib/web/viewer-document.ts). It opens the relay connection, asks for
 * the page, shows its verified text, then loads the viewer, which adopts the
 * client and the want when it starts.
 */
import { loadAppScript } from './app-script';
import { publishTabRelay } from './tab-relay-handle';
import { earlyWantSettled, startTabRelayEarly, tabRelayClient, takeEarlyWant } from './tab-relay';

// Outside a secure context (plain http on a LAN address) there is no WebCrypto,
// and the hash check needs @noble/hashes, which this script leaves out to stay
// small: it stands aside, and the app loads the relay client itself (components/RealtimeProvider.tsx).
if (globalThis.crypto?.subtle) {
  publishTabRelay({ tabRelayClient, takeEarlyWant });
  startTabRelayEarly();
  loadAppScript(earlyWantSettled());
} else {
  loadAppScript(Promise.resolve());
}
