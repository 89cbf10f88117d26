import { metaContent, VIEWER_SCRIPT_META_NAME } from '../web/relay-meta';

/**
 * Once the frame showing what is on screen now has been painted, so the
 * app's download and evaluation come after it, not before it. A hidden tab
 * paints no frames: a timer stands in.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/**
 * Adds the documents' app script (React and the app, named in the head's
 * `<meta name="ephemeral-viewer-script">`) once `ready` settles and the next
 * frame is painted. Added by a trusted script, it needs no nonce of its own
 * (the CSP's 'strict-dynamic').
 */
export function loadAppScript(ready: Promise<void>): void {
  const src = metaContent(VIEWER_SCRIPT_META_NAME);
  if (!src) return;
  void ready.then(afterNextPaint).then(() => {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = src;
    document.head.append(script);
  });
}
