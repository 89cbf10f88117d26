/** Below this many holders the meter shows the exact count. */
export const EXACT_HOLDERS_BELOW = 1000;

/** `holders / unit` rounded down to one decimal below 10, to a whole number above, with `suffix`. */
function compact(holders: number, unit: number, suffix: string): string {
  const tenths = Math.floor(holders / (unit / 10));
  return tenths < 100 ? `${tenths / 10}${suffix}` : `${Math.floor(tenths / 10)}${suffix}`;
}

/**
 * A holder count as people see it: exact below 1,000, then rounded down
 * ("1.2k", "12k", "999k", "1.5M"), so it never claims more holders than there
 * are. The meter shows this, and the sidecar sends a count only when this
 * changes: a crowd of thousands changes what anyone sees every hundred joins,
 * not at every join.
 */
export function shownHolders(holders: number): string {
  if (holders < EXACT_HOLDERS_BELOW) return String(Math.max(0, holders));
  if (holders < 1_000_000) return compact(holders, 1000, 'k');
  return compact(holders, 1_000_000, 'M');
}
