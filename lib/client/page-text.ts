/**
 * A page's bytes as text for display. Bytes that are not valid UTF-8 show as
 * U+FFFD rather than failing: the bytes themselves stay untouched.
 */
export function bytesToText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** The first line of a page, shortened, to name it in a list. */
export function pagePreview(bytes: Uint8Array, maxLength = 60): string {
  const head = bytesToText(bytes.subarray(0, maxLength * 4));
  const line =
    head
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  if (line === '') return '(blank page)';
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

/** A short form of an address for lists: enough to tell pages apart. */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 8)}…${hash.slice(-4)}`;
}
