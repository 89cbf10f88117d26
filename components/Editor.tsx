'use client';

import { useLayoutEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { textToBytes } from '../lib/hash';
import { formatBytes, formatCount } from '../lib/client/format-bytes';
import { pagePath, SEALED_OVERHEAD, sealWithNewKey } from '../lib/client/private-page';
import { useAppNavigate } from './app-link';
import { EDITOR_HEADING_ID, focusOnArrival, PAGE_HEADING_ID, useFocusOnArrival } from './focus';
import { useRealtime } from './RealtimeProvider';
import { useRememberedChoice } from './remembered-choice';

/** Why a page cannot be shared, in words; null when it can. */
function shareProblem(byteCount: number, maxBytes: number, isPrivate: boolean): string | null {
  if (byteCount === 0) return 'Write something first: an empty page has nothing to share.';
  if (byteCount > maxBytes) {
    const excess = byteCount - maxBytes;
    const limit = `${formatCount(maxBytes)} bytes (${formatBytes(maxBytes)})${isPrivate ? ' for a private page' : ''}`;
    return `This page is ${formatCount(byteCount)} bytes, over the limit of ${limit}. Remove ${formatCount(excess)} ${excess === 1 ? 'byte' : 'bytes'} to share it.`;
  }
  return null;
}

/** Whether this browser last chose a private page: the checkbox starts where it was left. */
const PRIVATE_CHOICE_KEY = 'ephemeral-p2p:private-pages';
const PRIVATE_CHOICES = ['no', 'yes'] as const;

const PAGE_TEXT_ID = 'page-text';

/**
 * The page's bytes on the wire and the key for its link: its UTF-8 text for
 * a public page; for a private one, the text sealed under a fresh key.
 */
async function pageForSharing(text: string, isPrivate: boolean): Promise<{ bytes: Uint8Array; key?: string }> {
  return isPrivate ? sealWithNewKey(textToBytes(text)) : { bytes: textToBytes(text) };
}

const subscribeToNothing = () => () => {};

/** False on the server and while hydrating, true once this tab's scripts run: a button rendered before can do nothing. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}

/** The homepage editor: write a page, press Share, become its first holder. */
export function Editor() {
  const { loadRelay, pageMaxBytes } = useRealtime();
  const navigate = useAppNavigate();
  const [text, setText] = useState('');
  const textarea = useRef<HTMLTextAreaElement>(null);
  const privateBox = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const [privateChoice, choosePrivate] = useRememberedChoice(PRIVATE_CHOICE_KEY, PRIVATE_CHOICES, 'no');
  const isPrivate = privateChoice === 'yes';
  const byteCount = textToBytes(text).length;
  // Sealing adds a header and a tag, and the sealed bytes must fit the relay's limit.
  const maxBytes = isPrivate ? pageMaxBytes - SEALED_OVERHEAD : pageMaxBytes;
  const over = byteCount > maxBytes;
  // Share stays disabled, with its reason below it, until a click can act. The
  // relay client need not be there yet: Share loads it if the page has not.
  const ready = useHydrated();
  useFocusOnArrival(EDITOR_HEADING_ID);
  useLayoutEffect(() => {
    // Hydrating the server's markup keeps what the person typed or ticked in it before the
    // scripts ran (the field and the box keep their state); the editor's state takes it up here.
    const field = textarea.current;
    const box = privateBox.current;
    if (!field || !box) return;
    if (field.value) setText(field.value);
    const ticked = box.checked !== box.defaultChecked;
    if (ticked) choosePrivate(box.checked ? 'yes' : 'no');
    // The person has started: the connection need not wait for another sign (RealtimeProvider).
    if (field.value || ticked || document.activeElement !== document.body) void loadRelay();
    // Once, as the editor first appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function share() {
    const reason = shareProblem(byteCount, maxBytes, isPrivate);
    setProblem(reason);
    if (reason) return;
    setSharing(true);
    try {
      const page = await pageForSharing(text, isPrivate);
      const relay = await loadRelay();
      const hash = await relay.share(page.bytes, page.key);
      // Without this, focus would fall to the body when the editor goes away.
      focusOnArrival(PAGE_HEADING_ID);
      navigate(pagePath(hash, page.key));
    } catch (error) {
      setProblem(`Could not share the page: ${(error as Error).message}`);
      setSharing(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (ready) void share();
    }
  }

  return (
    <section className="flex flex-col gap-3" aria-labelledby={EDITOR_HEADING_ID}>
      <h1 id={EDITOR_HEADING_ID} tabIndex={-1} className="text-2xl font-semibold tracking-tight focus:outline-none">
        Write a page
      </h1>
      <p className="text-slate-600 dark:text-slate-300">
        Press Share and this tab holds the page. Anyone with the link gets it from a tab that holds it, and holds it
        too. When the last holder closes, the page is gone.
      </p>
      <label htmlFor={PAGE_TEXT_ID} className="sr-only">
        Page text
      </label>
      <textarea
        ref={textarea}
        id={PAGE_TEXT_ID}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(null);
        }}
        onKeyDown={onKeyDown}
        placeholder="Type or paste your page here. Markdown works too: visitors see it formatted."
        spellCheck
        dir="auto"
        className="min-h-[45vh] w-full resize-y rounded-lg [unicode-bidi:plaintext] border border-slate-300 bg-white p-4 font-mono text-sm leading-relaxed shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-500/40 focus:outline-none dark:border-slate-700 dark:bg-slate-900"
        aria-describedby="byte-count share-problem"
      />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p
          id="byte-count"
          className={`text-sm tabular-nums ${over ? 'font-semibold text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}
        >
          {formatCount(byteCount)} of {formatCount(maxBytes)} bytes ({formatBytes(maxBytes)})
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex min-h-11 cursor-pointer items-center gap-2 px-1 text-sm font-medium">
            <input
              ref={privateBox}
              type="checkbox"
              checked={isPrivate}
              onChange={(event) => {
                choosePrivate(event.target.checked ? 'yes' : 'no');
                setProblem(null);
              }}
              aria-describedby="private-explained"
              className="h-5 w-5 accent-violet-700"
            />
            Private page
          </label>
          <span className="hidden text-xs text-slate-600 sm:inline dark:text-slate-400">Ctrl/⌘ + Enter</span>
          <button
            type="button"
            onClick={() => void share()}
            disabled={sharing || !ready}
            aria-describedby={ready ? undefined : 'share-not-ready'}
            className="min-h-11 rounded-lg bg-sky-700 px-5 py-2 font-semibold text-white shadow-sm hover:bg-sky-800 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 focus-visible:outline-none disabled:opacity-60"
          >
            {sharing ? 'Sharing…' : 'Share'}
          </button>
        </div>
      </div>
      <p id="private-explained" className="-mt-1 text-sm text-slate-600 dark:text-slate-400">
        {isPrivate
          ? 'Private: encrypted in this browser, so the relay sees only ciphertext; only people with the full link (it carries the key) can read it.'
          : 'Public: the relay can read it, and the same text always gives the same link. Tick Private page to encrypt it.'}
      </p>
      {/*
        Both in one line kept for them, below the controls: as the app takes over, nothing a
        click may be aiming at moves.
      */}
      <div className="min-h-5 text-sm">
        <p id="share-problem" role="alert" className="font-medium text-red-700 dark:text-red-300">
          {problem}
        </p>
        {!ready && (
          <p id="share-not-ready" className="text-slate-600 dark:text-slate-400">
            Getting ready to share…
          </p>
        )}
      </div>
    </section>
  );
}
