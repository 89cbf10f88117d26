/** A byte count for people: "512 bytes", "12.3 KB", "1 MB" (1 KB = 1024 bytes). */
export function formatBytes(count: number): string {
  if (count < 1024) return `${count} ${count === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = count / 1024;
  let unit = 0;
  const round = (v: number) => (v >= 100 ? Math.round(v) : Number(v.toFixed(1)));
  // Compare the rounded value, so 1,048,543 bytes reads "1 MB" like 1,048,576 does, never "1024 KB".
  while (round(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${round(value)} ${units[unit]}`;
}

/**
 * A whole number with thousands separators, as `toLocaleString('en-US')` writes it, without
 * Intl: the first Intl call in a tab loads its locale data, tens of milliseconds of the
 * editor's first render on a phone.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
