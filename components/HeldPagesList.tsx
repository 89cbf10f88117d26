'use client';

import { useQueryClient } from '@tanstack/react-query';
import { AppLink } from './app-link';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { pageTitle, shortHash } from '../lib/client/page-text';
import { isSealedPage, pagePath } from '../lib/client/private-page';
import { queryKeys } from '../lib/client/query-keys';
import { EDITOR_HEADING_ID, focusOnArrival, HELD_HEADING_ID, HOLDING_HEADING_ID, useFocusOnArrival } from './focus';
import { HealthMeter } from './HealthMeter';
import { useRealtime } from './RealtimeProvider';
import { useHeldPages, useHolders, useOpenedPage, usePage, useRememberedKey } from './realtime-hooks';

/** A held page's name in the list: its title in plain text (first heading or first line), once it can be read. */
function heldPageName(hash: string, bytes: Uint8Array | undefined, opened: Uint8Array | undefined): string {
  if (opened) return pageTitle(opened, 60);
  if (bytes && isSealedPage(bytes)) return 'Private page (this tab has no key to read it)';
  return shortHash(hash);
}

/** Where focus goes once a row is gone: the page's own status if it is in view, else the list, else the editor. */
function focusAfterStop(hash: string, remaining: number): void {
  if (window.location.pathname === `/${hash}`) focusOnArrival(HOLDING_HEADING_ID);
  else focusOnArrival(remaining > 0 ? HELD_HEADING_ID : EDITOR_HEADING_ID);
}

/** The bytes of the page in view once the viewer has them, or undefined (also when there is none). */
function useShownPageBytes(hash: string | undefined): Uint8Array | undefined {
  const queries = useQueryClient();
  return useSyncExternalStore(
    (onChange) => queries.getQueryCache().subscribe(onChange),
    () => (hash ? queries.getQueryData<Uint8Array>(queryKeys.page(hash)) : undefined),
    () => undefined,
  );
}

const BUTTON = 'min-h-11 min-w-11 rounded-md px-3 py-1 text-sm sm:min-h-9';

function HeldPageRow({ hash, heldCount }: { hash: string; heldCount: number }) {
  const { relay } = useRealtime();
  const queries = useQueryClient();
  const { data } = usePage(hash);
  const key = useRememberedKey(hash) ?? null;
  const opened = useOpenedPage(hash, data, key);
  const holders = useHolders(hash);
  const [confirming, setConfirming] = useState(false);
  const stopButton = useRef<HTMLButtonElement>(null);
  const isPrivate = data !== undefined && isSealedPage(data);
  const name = heldPageName(hash, data, opened.data);
  // Unknown counts as alone: better to ask once too often than to lose a page without asking.
  const onlyHolder = holders === undefined || holders <= 1;

  function stop() {
    relay?.stop(hash);
    // This tab was the last holder, so the page is gone: say 0, not "unknown". Otherwise the
    // others still hold it: one fewer, until the relay's next count says more.
    queries.setQueryData(queryKeys.holders(hash), onlyHolder ? 0 : holders - 1);
    focusAfterStop(hash, heldCount - 1);
  }

  return (
    <li className="flex flex-col gap-2 py-3" data-testid="held-page">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 flex-col gap-1">
          <AppLink
            href={pagePath(hash, key)}
            dir="auto"
            className="flex min-h-11 items-center truncate font-medium text-sky-700 hover:underline sm:min-h-0 dark:text-sky-400"
          >
            {name}
          </AppLink>
          <code className="text-xs text-slate-600 dark:text-slate-400">
            {isPrivate ? 'private · ' : ''}
            {shortHash(hash)}
          </code>
        </div>
        <div className="flex items-center gap-4">
          <HealthMeter hash={hash} compact />
          <button
            ref={stopButton}
            type="button"
            onClick={() => (onlyHolder ? setConfirming(true) : stop())}
            // Nothing to stop with until this tab's relay client is up (never the case once a page is held here).
            disabled={!relay}
            aria-expanded={onlyHolder ? confirming : undefined}
            className={`${BUTTON} border border-slate-300 hover:bg-slate-100 disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800`}
            aria-label={`Stop keeping page ${shortHash(hash)} alive`}
          >
            Stop
          </button>
        </div>
      </div>
      {confirming && (
        <ConfirmStop
          id={`confirm-stop-${hash}`}
          onStop={stop}
          onKeep={() => {
            setConfirming(false);
            stopButton.current?.focus();
          }}
        />
      )}
    </li>
  );
}

/** Asked before letting go of a page no other tab holds: after that, nobody can get it. */
function ConfirmStop({ id, onStop, onKeep }: { id: string; onStop: () => void; onKeep: () => void }) {
  const question = useRef<HTMLParagraphElement>(null);
  // Focus on the question, so it is read before either answer.
  useEffect(() => question.current?.focus(), []);
  return (
    <div
      role="group"
      aria-labelledby={id}
      className="flex flex-col gap-2 rounded-md border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950"
    >
      <p
        id={id}
        ref={question}
        tabIndex={-1}
        className="text-sm font-semibold text-red-800 focus:outline-none dark:text-red-200"
      >
        Only this tab holds this page. If it stops, the page is gone for everyone, and the link stops working.
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={onStop}
          className={`${BUTTON} bg-red-700 font-semibold text-white hover:bg-red-800`}
        >
          Stop and let it go
        </button>
        <button
          type="button"
          onClick={onKeep}
          className={`${BUTTON} border border-slate-300 hover:bg-white dark:border-slate-600 dark:hover:bg-slate-800`}
        >
          Keep holding it
        </button>
      </div>
    </div>
  );
}

/**
 * Every page this tab keeps alive, with its health and a way to let go of it.
 * Below the page in view (`shown`), it waits for that page to be drawn: it
 * would otherwise appear under the early text, then move down.
 */
export function HeldPagesList({ shown }: { shown?: string }) {
  const held = useHeldPages();
  const shownPage = useShownPageBytes(shown);
  useFocusOnArrival(HELD_HEADING_ID);
  if (held.length === 0) return null;
  if (shown && held.includes(shown) && !shownPage) return null;
  return (
    <section
      aria-labelledby={HELD_HEADING_ID}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={HELD_HEADING_ID} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
        Pages you are keeping alive
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        This tab serves these pages to anyone who opens their links, for as long as it stays open.
      </p>
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {held.map((hash) => (
          <HeldPageRow key={hash} hash={hash} heldCount={held.length} />
        ))}
      </ul>
    </section>
  );
}
