/**
 * The early start: a script of its own (npm run build:early bundles it into
 * public/early-start.js), the one script of the viewer document a shared link
 * opens (lib/web/viewer-document.ts). It opens the relay connection, asks for
 * the page, shows its verified text, then loads the viewer, which adopts the
 * client and the want when it starts.
 */
import { metaContent, VIEWER_SCRIPT_META_NAME } from '../web/relay-meta';
import { publishTabRelay } from './tab-relay-handle';
import { earlyWantSettled, startTabRelayEarly, tabRelayClient, takeEarlyWant } from './tab-relay';

/**
 * In the viewer document, the viewer's own script (React and the viewer), once
 * `ready` settles. Added by this trusted script, it needs no nonce of its own
 * (the CSP's 'strict-dynamic').
 */
function loadViewer(ready: Promise<void>): void {
  const src = metaContent(VIEWER_SCRIPT_META_NAME);
  if (!src) return;
  void ready.then(afterNextPaint).then(() => {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = src;
    document.head.append(script);
  });
}

/**
 * Once the frame showing what is on screen now (the early text) has been
 * painted, so the viewer's download and evaluation come after the text, not
 * before it. A hidden tab paints no frames: a timer stands in.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

// Outside a secure context (plain http on a LAN address) there is no WebCrypto,
// and the hash check needs @noble/hashes, which this script leaves out to stay
// small: it stands aside, and the app loads the relay client itself (components/RealtimeProvider.tsx).
if (globalThis.crypto?.subtle) {
  publishTabRelay({ tabRelayClient, takeEarlyWant });
  startTabRelayEarly();
  loadViewer(earlyWantSettled());
} else {
  loadViewer(Promise.resolve());
}
