/**
 * How a page's text is boxed and set, shared by the app (components/PageContent.tsx)
 * and the early start's view before the app runs (lib/client/early-text.ts),
 * so the text does not jump when the app takes over.
 */
export const PAGE_BOX_CLASS =
  'min-h-40 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900';

/** Plain text: whitespace kept; each line takes the direction of its own first strong character. */
export const PLAIN_TEXT_CLASS =
  'font-mono text-sm leading-relaxed break-words whitespace-pre-wrap [unicode-bidi:plaintext]';
