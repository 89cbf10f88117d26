'use client';

import { useState } from 'react';
import { bytesToText } from '../lib/client/page-text';
import { MarkdownView } from './MarkdownView';

type Mode = 'text' | 'markdown';

/** A verified page as plain text (whitespace kept) or, on request, as Markdown. */
export function PageContent({ bytes }: { bytes: Uint8Array }) {
  const [mode, setMode] = useState<Mode>('text');
  const text = bytesToText(bytes);
  const tab = (value: Mode, label: string) => (
    <button
      type="button"
      aria-pressed={mode === value}
      onClick={() => setMode(value)}
      className={`rounded-md px-3 py-1 text-sm ${mode === value ? 'bg-white font-semibold shadow-sm dark:bg-slate-700' : 'text-slate-600 dark:text-slate-300'}`}
    >
      {label}
    </button>
  );
  return (
    <section aria-label="Page content" className="flex flex-col gap-3">
      <div role="group" aria-label="Show the page as" className="flex w-fit gap-1 rounded-lg bg-slate-200 p-1 dark:bg-slate-800">
        {tab('text', 'Plain text')}
        {tab('markdown', 'Markdown')}
      </div>
      <article
        data-testid="page-content"
        className="min-h-40 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900"
      >
        {mode === 'text' ? (
          <pre className="font-mono text-sm leading-relaxed break-words whitespace-pre-wrap">{text}</pre>
        ) : (
          <MarkdownView text={text} />
        )}
      </article>
    </section>
  );
}
