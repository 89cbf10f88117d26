'use client';

import { Suspense } from 'react';
import { binaryLabel, looksLikeMarkdown, pageText, withoutTitleHeading } from '../lib/client/page-text';
import { PAGE_BOX_CLASS, PLAIN_TEXT_CLASS } from '../lib/client/page-text-style';
import { MarkdownText } from './markdown-loader';
import { useRememberedChoice } from './remembered-choice';

/** How this browser last chose to read pages that contain Markdown: rendered (the default) or as plain text. */
const VIEW_CHOICE_KEY = 'ephemeral-p2p:page-view';
const VIEWS = ['text', 'markdown'] as const;
type View = (typeof VIEWS)[number];

/** The page as typed, whitespace kept. */
function PlainText({ text }: { text: string }) {
  return (
    <pre dir="auto" className={PLAIN_TEXT_CLASS}>
      {text}
    </pre>
  );
}

/** Saves the page's exact bytes (a private page's opened text) as a file: what a browser cannot show is still the reader's. */
function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has started the download; the URL is needed no longer.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function DownloadButton({ bytes, name }: { bytes: Uint8Array; name: string }) {
  return (
    <button
      type="button"
      onClick={() => download(bytes, name)}
      className="min-h-11 w-fit rounded-md border border-slate-300 px-4 py-1 text-sm sm:min-h-9 dark:border-slate-700"
    >
      Download
    </button>
  );
}

/**
 * A verified page. One that contains Markdown is shown rendered, without
 * the heading that gave the page its title, with its
 * plain text one click away (the choice is remembered); one without is shown
 * as it was typed, whitespace kept; control characters show as visible
 * symbols either way. A page that is not UTF-8 reads "binary, N bytes".
 * Every page can be downloaded byte for byte.
 */
export function PageContent({ hash, bytes }: { hash: string; bytes: Uint8Array }) {
  const [chosen, setView] = useRememberedChoice<View>(VIEW_CHOICE_KEY, VIEWS, 'markdown');
  const text = pageText(bytes);
  const fileName = `page-${hash.slice(0, 8)}.${text === null ? 'bin' : 'txt'}`;
  if (text === null) {
    return (
      <section aria-label="Page content" className="flex flex-col gap-3">
        <p data-testid="page-content" data-view="binary" className="text-slate-700 dark:text-slate-300">
          This page is not text: {binaryLabel(bytes)}.
        </p>
        <DownloadButton bytes={bytes} name={fileName} />
      </section>
    );
  }
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
      <div className="mb-2 flex flex-wrap items-center justify-end gap-2">
        <DownloadButton bytes={bytes} name={fileName} />
        {hasMarkdown && (
          <div
            role="group"
            aria-label="Show the page as"
            className="flex w-fit gap-1 rounded-lg bg-slate-200 p-1 dark:bg-slate-800"
          >
            {tab('markdown', 'Markdown')}
            {tab('text', 'Plain text')}
          </div>
        )}
      </div>
      <article data-testid="page-content" data-view={view} className={PAGE_BOX_CLASS}>
        {view === 'text' ? (
          <PlainText text={text} />
        ) : (
          // The heading that opens the page is already its title above: shown once.
          // Until the renderer has loaded, the text as typed: the reader can start at once.
          <Suspense fallback={<PlainText text={text} />}>
            <MarkdownText text={withoutTitleHeading(text)} />
          </Suspense>
        )}
      </article>
    </section>
  );
}
