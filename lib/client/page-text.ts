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

/** A short form of an address for lists: enough to tell pages apart. */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 8)}…${hash.slice(-4)}`;
}

/** One line of Markdown as the words a reader sees: no heading, list, quote, emphasis, code or link marks. */
export function stripInlineMarkdown(line: string): string {
  return (
    line
      .replace(/^\s{0,3}(?:#{1,6}(?=\s|$)|>+|[-*+](?=\s)|\d{1,9}[.)](?=\s))\s*/, '')
      .replace(/^\[[ xX]\]\s+/, '')
      .replace(/\s+#+\s*$/, '')
      // Images and links keep their text.
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`+([^`]*)`+/g, '$1')
      .replace(/(\*\*|__|~~)(.+?)\1/g, '$2')
      .replace(/(^|[^\w*])[*_]([^*_\s](?:[^*_]*[^*_\s])?)[*_](?=[^\w*]|$)/g, '$1$2')
      .trim()
  );
}

const FENCE = /^\s{0,3}(```|~~~)/;
const ATX_HEADING = /^\s{0,3}#{1,6}(\s|$)/;
const SETEXT_UNDERLINE = /^\s{0,3}(=+|-+)\s*$/;

/**
 * A page's title, in plain text: its first Markdown heading, else its first
 * non-blank line, without Markdown syntax and with control characters shown
 * harmlessly; shortened to `maxLength`. Reads only the page's first few KB.
 */
export function pageTitle(bytes: Uint8Array, maxLength = 80): string {
  if (pageText(bytes) === null) return binaryLabel(bytes);
  // Cut at a byte, the head may end inside a character: that one shows as U+FFFD.
  const lines = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 8192)).split(/\r?\n/);
  let inFence = false;
  let firstLine: string | null = null;
  let heading: string | null = null;
  for (let i = 0; i < lines.length && heading === null; i++) {
    const line = lines[i];
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (line.trim() === '') continue;
    if (!inFence && ATX_HEADING.test(line)) heading = line;
    else if (!inFence && i + 1 < lines.length && SETEXT_UNDERLINE.test(lines[i + 1]) && /^=/.test(lines[i + 1].trim()))
      heading = line;
    else if (firstLine === null) firstLine = line;
  }
  const words = visibleControls(stripInlineMarkdown(heading ?? firstLine ?? ''), { lines: false });
  if (words === '') return '(blank page)';
  return words.length > maxLength ? `${words.slice(0, maxLength - 1)}…` : words;
}

/** Whether a page's text uses Markdown a reader would want rendered (headings, lists, emphasis, links, tables…). */
export function looksLikeMarkdown(text: string): boolean {
  const head = text.slice(0, 16384);
  return (
    /^\s{0,3}(#{1,6}\s|>|[-*+]\s|\d{1,9}[.)]\s|```|~~~|\|.*\||={3,}\s*$|-{3,}\s*$)/m.test(head) ||
    /(\*\*|__|~~)\S.*?\1|\[[^\]]+\]\([^)]+\)|`[^`\n]+`/.test(head)
  );
}
