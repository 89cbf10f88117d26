import { formatBytes } from './format-bytes';
import { visibleControls } from '../display-text';

/** A page's bytes as text for display, or null when they are not valid UTF-8 (a binary page). */
export function pageText(bytes: Uint8Array): string | null {
  try {
    return visibleControls(new TextDecoder('utf-8', { fatal: true }).decode(bytes), { lines: true });
  } catch {
    return null;
  }
}

/** How a page that is not text is named: "binary, 1,234 bytes". */
export function binaryLabel(bytes: Uint8Array): string {
  const rounded = bytes.length < 1024 ? '' : ` (${formatBytes(bytes.length)})`;
  return `binary, ${bytes.length.toLocaleString('en-US')} bytes${rounded}`;
}

/** The first line of a page, shortened and with controls shown as symbols, to name it in a list or a title. */
export function pagePreview(bytes: Uint8Array, maxLength = 60): string {
  let head: string;
  try {
    // A line cut at maxLength * 4 bytes may end inside a character: decode in streaming mode.
    head = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, maxLength * 4), { stream: true });
  } catch {
    return binaryLabel(bytes);
  }
  const line =
    head
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  if (line === '') return '(blank page)';
  const shown = visibleControls(line, { lines: false });
  return shown.length > maxLength ? `${shown.slice(0, maxLength - 1)}…` : shown;
}

/** A short form of an address for lists: enough to tell pages apart. */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 8)}…${hash.slice(-4)}`;
}
