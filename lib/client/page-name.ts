import { pageTitle } from './page-text';
import { isSealedPage } from './private-page';

/**
 * What to call a page where more than its reader may see it (the tab's title,
 * history, what a screen reader says aloud): a public page's title (its first
 * heading or first line, in plain text), and never any of a private page's
 * text, even in a tab that can decrypt it.
 */
export function pageName(bytes: Uint8Array | undefined): string {
  if (!bytes) return 'Page';
  return isSealedPage(bytes) ? 'Private page' : pageTitle(bytes);
}
