'use client';

import dynamic from 'next/dynamic';
import { bytesToText } from '../lib/client/page-text';
import { useRememberedChoice } from './remembered-choice';

/** The Markdown renderer is most of the viewer's code: it loads only when a page is shown as Markdown. */
const MarkdownView = dynamic(() => import('./MarkdownView').then((module) => module.MarkdownView), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-600 dark:text-slate-400">Rendering the Markdown…</p>,
});

/** How this browser last chose to read pages: plain text or Markdown. */
const VIEW_CHOICE_KEY = 'ephemeral-p2p:page-view';
const VIEWS = ['text', 'markdown'] as const;
type View = (typeof VIEWS)[number];

/** A verified page as plain text (whitespace kept) or, on request, as Markdown. */
export function PageContent({ bytes }: { bytes: Uint8Array }) {
  const [view, setView] = useRememberedChoice<View>(VIEW_CHOICE_KEY, VIEWS, 'text');
  const text = bytesToText(bytes);
  const tab = (value: View, label: string) => (
    <button
      type="button"
      aria-pressed={view === value}
      onClick={() => setView(value)}
      className={`min-h-11 rounded-md px-4 py-1 text-sm sm:min-h-9 ${view === value ? 'bg-white font-semibold shadow-sm dark:bg-slate-700' : 'text-slate-700 dark:text-slate-300'}`}
    >
      {label}
    </button>
  );
  return (
    <section aria-label="Page content" className="flex flex-col gap-3">
      <div
        role="group"
        aria-label="Show the page as"
        className="flex w-fit gap-1 rounded-lg bg-slate-200 p-1 dark:bg-slate-800"
      >
        {tab('text', 'Plain text')}
        {tab('markdown', 'Markdown')}
      </div>
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
