import { shownHolders } from '../holder-count';

/** How safe a page is from vanishing, by its live holder count. */
export type HealthLevel = 'gone' | 'only-you' | 'few' | 'healthy';

/** Holders from which a page counts as healthy. */
export const HEALTHY_HOLDERS = 4;

/** The meter's level for a page with `holders` live holders, of which this tab may be one. */
export function healthLevel(holders: number, heldHere: boolean): HealthLevel {
  if (holders <= 0) return 'gone';
  if (holders === 1 && heldHere) return 'only-you';
  if (holders < HEALTHY_HOLDERS) return 'few';
  return 'healthy';
}

/** A sentence about the holder count, for the meter and screen readers. */
export function describeHolders(holders: number, heldHere: boolean): string {
  if (holders <= 0) return 'Nobody is holding this page right now';
  if (holders === 1) return heldHere ? 'Only this tab is holding this page' : '1 tab is holding this page';
  return `${shownHolders(holders)} tabs are holding this page`;
}
