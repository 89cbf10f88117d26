'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { pageName } from '../lib/client/page-name';
import { queryKeys } from '../lib/client/query-keys';

type Announce = (message: string) => void;

/**
 * Each message is a new node, read as an addition, so two said in the same
 * moment (a page's state and its count) are both heard and the same words
 * said twice are heard twice; the last few stay, the rest are dropped.
 */
const KEPT_MESSAGES = 3;

const AnnouncerContext = createContext<Announce>(() => {});

/** What a screen reader hears when a page's holder count changes; the page in view needs no name. */
function countMessage(holders: number, heldHere: boolean, name: string | null): string {
  const who = holders <= 0 ? 'none' : holders === 1 ? (heldHere ? 'only this tab' : '1 tab') : `${holders} tabs`;
  return `${name ? `${name}: h` : 'H'}olders now: ${who}.`;
}

/**
 * Announces every holder count change once, whichever meters show it: the
 * cache holds one count per page, so the page's meter and its row in the held
 * list cannot both speak.
 */
function useCountAnnouncements(announce: Announce): void {
  const queries = useQueryClient();
  useEffect(() => {
    const last = new Map<string, number>();
    return queries.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      const [kind, hash] = event.query.queryKey;
      const holders = event.query.state.data;
      if (kind !== 'holders' || typeof hash !== 'string' || typeof holders !== 'number') return;
      if (last.get(hash) === holders) return;
      last.set(hash, holders);
      const inView = window.location.pathname === `/${hash}`;
      const heldHere = queries.getQueryData<string[]>(queryKeys.held)?.includes(hash) ?? false;
      const name = inView ? null : pageName(queries.getQueryData<Uint8Array>(queryKeys.page(hash)));
      announce(countMessage(holders, heldHere, name));
    });
  }, [queries, announce]);
}

/**
 * The app's one polite live region. Everything a screen reader should hear
 * without moving focus (counts, a page arriving, a copied link) goes through
 * it, so nothing is said twice by regions that show the same news. Messages
 * are worded apart from the visible text they stand for, so this hidden copy
 * never doubles what a person (or a test looking for text) sees.
 */
export function Announcer({ children }: { children: ReactNode }) {
  const [said, setSaid] = useState<{ id: number; message: string }[]>([]);
  const announce = useCallback<Announce>(
    (message) =>
      setSaid((previous) => [...previous.slice(1 - KEPT_MESSAGES), { id: (previous.at(-1)?.id ?? 0) + 1, message }]),
    [],
  );
  useCountAnnouncements(announce);
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div role="status" aria-live="polite" aria-relevant="additions" className="sr-only" data-testid="announcer">
        {said.map(({ id, message }) => (
          <p key={id}>{message}</p>
        ))}
      </div>
    </AnnouncerContext.Provider>
  );
}

/** Says `message` through the live region whenever it changes (and is not empty). */
export function useAnnouncement(message: string | null): void {
  const announce = useContext(AnnouncerContext);
  useEffect(() => {
    if (message) announce(message);
  }, [announce, message]);
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
