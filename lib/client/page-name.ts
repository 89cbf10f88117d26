import { pagePreview } from './page-text';
import { isSealedPage } from './private-page';

/**
 * What to call a page where more than its reader may see it (the tab's title,
 * history, what a screen reader says aloud): a public page's first line, and
 * never any of a private page's text, even in a tab that can decrypt it.
 */
export function pageName(bytes: Uint8Array | undefined): string {
  if (!bytes) return 'Page';
  // A Markdown heading's marks are not part of its name.
  return isSealedPage(bytes) ? 'Private page' : pagePreview(bytes).replace(/^#{1,6}\s+/, '');
}
