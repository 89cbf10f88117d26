'use client';

import { useSyncExternalStore } from 'react';

/** Choices made while the browser blocks storage: they hold for this visit only. */
const unsaved = new Map<string, string>();
const listeners = new Set<() => void>();

function readChoice(storageKey: string): string | null {
  try {
    return window.localStorage.getItem(storageKey) ?? unsaved.get(storageKey) ?? null;
  } catch {
    return unsaved.get(storageKey) ?? null; // Storage blocked by the browser's settings.
  }
}

function saveChoice(storageKey: string, value: string): void {
  try {
    window.localStorage.setItem(storageKey, value);
  } catch {
    unsaved.set(storageKey, value);
  }
  for (const listener of listeners) listener();
}

/** Changes here, and in this browser's other tabs (the `storage` event). */
function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  window.addEventListener('storage', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onChange);
  };
}

/**
 * A choice this browser remembers across visits (in `localStorage`), such as
 * public or private, plain text or Markdown. It is `initial` on the server and
 * while hydrating, then the remembered value.
 */
export function useRememberedChoice<T extends string>(
  storageKey: string,
  values: readonly T[],
  initial: T,
): [T, (value: T) => void] {
  const stored = useSyncExternalStore(
    subscribe,
    () => readChoice(storageKey),
    () => null,
  );
  const choice = values.find((value) => value === stored) ?? initial;
  return [choice, (value: T) => saveChoice(storageKey, value)];
}
