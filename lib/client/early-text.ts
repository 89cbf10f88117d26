import { pageText } from './page-text';
import { PAGE_BOX_CLASS, PLAIN_TEXT_CLASS } from './page-text-style';
import { isSealedPage } from './private-page';

/** The viewer's slot for the early text (components/PageViewer.tsx renders it empty and never into it). */
export const EARLY_TEXT_ID = 'early-page-text';

/**
 * Shows a verified public page as plain text in the viewer's slot, before
 * the app has started; the app replaces the slot with the page itself. Set as
 * text, never as markup: page content is untrusted. A private page is left to
 * the app, which opens it with the link's key; a binary page too.
 */
export function showEarlyText(bytes: Uint8Array): void {
  if (isSealedPage(bytes)) return;
  const text = pageText(bytes);
  if (text === null) return;
  const show = () => {
    const slot = document.getElementById(EARLY_TEXT_ID);
    if (!slot || slot.firstChild) return;
    const box = document.createElement('div');
    box.className = PAGE_BOX_CLASS;
    const pre = document.createElement('pre');
    pre.dir = 'auto';
    pre.className = PLAIN_TEXT_CLASS;
    pre.textContent = text;
    box.append(pre);
    slot.append(box);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show, { once: true });
  else show();
}
