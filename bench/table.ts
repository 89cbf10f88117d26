/** A Markdown table: readable on stdout and pasted as is into the docs. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** A count with enough digits to compare, and no more. */
export function num(value: number | null): string {
  if (value === null) return 'n/a';
  if (value === 0) return '0';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function megabytes(bytes: number): string {
  return `${num(bytes / 1e6)} MB`;
}

export function kilobytes(bytes: number): string {
  return `${num(bytes / 1e3)} kB`;
}
