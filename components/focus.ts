'use client';

import { useEffect } from 'react';

/** The viewer's main heading, where focus lands after Share. */
export const PAGE_HEADING_ID = 'page-heading';
/** The viewer's "holding or not" heading, where focus lands after Stop on the page in view. */
export const HOLDING_HEADING_ID = 'holding-heading';
/** "Pages you are keeping alive", where focus lands after Stop elsewhere. */
export const HELD_HEADING_ID = 'held-heading';
/** "Write a page", where focus lands after Stop on the last held page from the homepage. */
export const EDITOR_HEADING_ID = 'editor-heading';

/** The heading focus should move to once it is on screen; one at a time. */
let pending: string | null = null;

function takeFocus(id: string): void {
  const heading = document.getElementById(id);
  if (pending !== id || !heading) return;
  pending = null;
  heading.focus();
}

/**
 * Moves focus to the heading `id` as soon as it is rendered. When the element
 * that had focus goes away (the editor after Share, a row after Stop), focus
 * would otherwise fall to the page body and a keyboard or screen reader user
 * would have to find their place again. The heading needs `tabIndex={-1}`.
 */
export function focusOnArrival(id: string): void {
  pending = id;
  // Already on screen (and maybe not re-rendered): after this frame's changes.
  requestAnimationFrame(() => takeFocus(id));
}

/** Lets the heading `id` take focus when it mounts, if focus was sent its way. */
export function useFocusOnArrival(id: string): void {
  useEffect(() => takeFocus(id));
}
