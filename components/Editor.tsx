'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { textToBytes } from '../lib/hash';
import { formatBytes } from '../lib/client/format-bytes';
import { pagePath, SEALED_OVERHEAD, sealWithNewKey } from '../lib/client/private-page';
import { useRealtime } from './RealtimeProvider';

const count = (n: number) => n.toLocaleString('en-US');

/** Why a page cannot be shared, in words; null when it can. */
function shareProblem(byteCount: number, maxBytes: number, isPrivate: boolean): string | null {
  if (byteCount === 0) return 'Write something first: an empty page has nothing to share.';
  if (byteCount > maxBytes) {
    const excess = byteCount - maxBytes;
    const limit = `${count(maxBytes)} bytes (${formatBytes(maxBytes)})${isPrivate ? ' for a private page' : ''}`;
    return `This page is ${count(byteCount)} bytes, over the limit of ${limit}. Remove ${count(excess)} ${excess === 1 ? 'byte' : 'bytes'} to share it.`;
  }
  return null;
}

/** Whether this browser last chose a private page: the checkbox starts where it was left. */
const PRIVATE_CHOICE_KEY = 'ephemeral-p2p:private-pages';

function readChoice(): string | null {
  try {
    return window.localStorage.getItem(PRIVATE_CHOICE_KEY);
  } catch {
    return null; // Storage blocked by the browser's settings: start public.
  }
}

function usePrivateChoice(): [boolean, (value: boolean) => void] {
  const [isPrivate, setIsPrivate] = useState(false);
  useEffect(() => {
    // localStorage exists only in the browser, after the server render.
    setIsPrivate(readChoice() === 'yes');
  }, []);
  const choose = (value: boolean) => {
    setIsPrivate(value);
    try {
      window.localStorage.setItem(PRIVATE_CHOICE_KEY, value ? 'yes' : 'no');
    } catch {
      // Storage blocked: the choice holds for this visit only.
    }
  };
  return [isPrivate, choose];
}

/**
 * The page's bytes on the wire and the key for its link: its UTF-8 text for
 * a public page; for a private one, the text sealed under a fresh key.
 */
async function pageForSharing(text: string, isPrivate: boolean): Promise<{ bytes: Uint8Array; key?: string }> {
  return isPrivate ? sealWithNewKey(textToBytes(text)) : { bytes: textToBytes(text) };
}

/** The homepage editor: write a page, press Share, become its first holder. */
export function Editor() {
  const { relay, pageMaxBytes } = useRealtime();
  const router = useRouter();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const [isPrivate, setPrivate] = usePrivateChoice();
  const byteCount = textToBytes(text).length;
  // Sealing adds a header and a tag, and the sealed bytes must fit the relay's limit.
  const maxBytes = isPrivate ? pageMaxBytes - SEALED_OVERHEAD : pageMaxBytes;
  const over = byteCount > maxBytes;

  async function share() {
    const reason = shareProblem(byteCount, maxBytes, isPrivate);
    setProblem(reason);
    if (reason || !relay) return;
    setSharing(true);
    try {
      const page = await pageForSharing(text, isPrivate);
      const hash = await relay.share(page.bytes, page.key);
      router.push(pagePath(hash, page.key));
    } catch (error) {
      setProblem(`Could not share the page: ${(error as Error).message}`);
      setSharing(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void share();
    }
  }

  return (
    <section className="flex flex-col gap-3" aria-labelledby="editor-heading">
      <h1 id="editor-heading" className="text-2xl font-semibold tracking-tight">
        Write a page
      </h1>
      <p className="text-slate-600 dark:text-slate-300">
        Press Share and this tab holds the page. Anyone with the link gets it from a tab that holds it, and holds it
        too. When the last holder closes, the page is gone.
      </p>
      <label htmlFor="page-text" className="sr-only">
        Page text
      </label>
      <textarea
        id="page-text"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(null);
        }}
        onKeyDown={onKeyDown}
        placeholder="Type or paste your page here. Markdown works too."
        spellCheck
        className="min-h-[45vh] w-full resize-y rounded-lg border border-slate-300 bg-white p-4 font-mono text-sm leading-relaxed shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-500/40 focus:outline-none dark:border-slate-700 dark:bg-slate-900"
        aria-describedby="byte-count share-problem"
      />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p id="byte-count" className={`text-sm tabular-nums ${over ? 'font-semibold text-red-700 dark:text-red-300' : 'text-slate-500 dark:text-slate-400'}`}>
          {count(byteCount)} of {count(maxBytes)} bytes ({formatBytes(maxBytes)})
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              checked={isPrivate}
              onChange={(event) => {
                setPrivate(event.target.checked);
                setProblem(null);
              }}
              aria-describedby="private-explained"
              className="h-4 w-4 accent-violet-600"
            />
            Private page
          </label>
          <span className="hidden text-xs text-slate-500 sm:inline dark:text-slate-400">Ctrl/⌘ + Enter</span>
          <button
            type="button"
            onClick={() => void share()}
            disabled={sharing}
            className="rounded-lg bg-sky-600 px-5 py-2 font-semibold text-white shadow-sm hover:bg-sky-700 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 focus-visible:outline-none disabled:opacity-60"
          >
            {sharing ? 'Sharing…' : 'Share'}
          </button>
        </div>
      </div>
      <p id="private-explained" className="-mt-1 text-sm text-slate-500 dark:text-slate-400">
        {isPrivate
          ? 'Private: encrypted in this browser, so the relay sees only ciphertext; only people with the full link (it carries the key) can read it.'
          : 'Public: the relay can read it, and the same text always gives the same link. Tick Private page to encrypt it.'}
      </p>
      <p id="share-problem" role="alert" className="min-h-5 text-sm font-medium text-red-700 dark:text-red-300">
        {problem}
      </p>
    </section>
  );
}
