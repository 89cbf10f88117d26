'use client';

import { bytesToText, looksLikeMarkdown } from '../lib/client/page-text';
import { MarkdownView } from './MarkdownView';
import { useRememberedChoice } from './remembered-choice';

/** How this browser last chose to read pages that contain Markdown: rendered (the default) or as plain text. */
const VIEW_CHOICE_KEY = 'ephemeral-p2p:page-view';
const VIEWS = ['text', 'markdown'] as const;
type View = (typeof VIEWS)[number];

/**
 * A verified page. One that contains Markdown is shown rendered, with its
 * plain text one click away (the choice is remembered); one without is shown
 * as it was typed, whitespace kept.
 */
export function PageContent({ bytes }: { bytes: Uint8Array }) {
  const [chosen, setView] = useRememberedChoice<View>(VIEW_CHOICE_KEY, VIEWS, 'markdown');
  const text = bytesToText(bytes);
  const hasMarkdown = looksLikeMarkdown(text);
  const view: View = hasMarkdown ? chosen : 'text';
  const tab = (value: View, label: string) => (
    <button
      type="button"
      aria-pressed={view === value}
      onClick={() => setView(value)}
      className={`min-h-11 rounded-md px-3 py-1 text-sm sm:min-h-8 ${view === value ? 'bg-white font-semibold shadow-sm dark:bg-slate-700' : 'text-slate-700 dark:text-slate-300'}`}
    >
      {label}
    </button>
  );
  return (
    <section aria-label="Page content" className="flex flex-col">
      {hasMarkdown && (
        <div
          role="group"
          aria-label="Show the page as"
          className="mb-2 flex w-fit gap-1 self-end rounded-lg bg-slate-200 p-1 dark:bg-slate-800"
        >
          {tab('markdown', 'Markdown')}
          {tab('text', 'Plain text')}
        </div>
      )}
      <article
        data-testid="page-content"
        data-view={view}
        className="min-h-40 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900"
      >
        {view === 'text' ? (
          // plaintext: each line takes the direction of its own first strong character.
          <pre
            dir="auto"
            className="font-mono text-sm leading-relaxed break-words whitespace-pre-wrap [unicode-bidi:plaintext]"
          >
            {text}
          </pre>
        ) : (
          <MarkdownView text={text} />
        )}
      </article>
    </section>
  );
}
