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

/** Where a page's title is in its lines: its first Markdown heading, else its first non-blank line. */
interface TitleSource {
  /** The title's line. */
  line: number;
  /** The lines the title takes: 2 for a setext heading (its underline), else 1. */
  lines: number;
  heading: boolean;
  /** No line before it but blank ones: a heading here opens the page. */
  first: boolean;
}

function titleSource(lines: string[]): TitleSource | null {
  let inFence = false;
  let seenText = false;
  let firstLine: TitleSource | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const first = !seenText;
    seenText = true;
    if (FENCE.test(line)) inFence = !inFence;
    else if (inFence) continue;
    else if (ATX_HEADING.test(line)) return { line: i, lines: 1, heading: true, first };
    else if (i + 1 < lines.length && SETEXT_UNDERLINE.test(lines[i + 1]) && /^=/.test(lines[i + 1].trim()))
      return { line: i, lines: 2, heading: true, first };
    else firstLine ??= { line: i, lines: 1, heading: false, first };
  }
  return firstLine;
}

/** The head of a page's text that its title is taken from: its first 8 KB, split into lines. */
function headLines(text: string): string[] {
  return text.slice(0, 8192).split(/\r?\n/);
}

/** A title line as the words a reader sees, shortened to `maxLength` (`cut` says whether it was). */
function titleWords(line: string, maxLength: number): { words: string; cut: boolean } {
  const words = visibleControls(stripInlineMarkdown(line), { lines: false });
  return words.length > maxLength ? { words: `${words.slice(0, maxLength - 1)}…`, cut: true } : { words, cut: false };
}

const TITLE_MAX_LENGTH = 80;

/**
 * A page's title, in plain text: its first Markdown heading, else its first
 * non-blank line, without Markdown syntax and with control characters shown
 * harmlessly; shortened to `maxLength`. Reads only the page's first few KB.
 */
export function pageTitle(bytes: Uint8Array, maxLength = TITLE_MAX_LENGTH): string {
  if (pageText(bytes) === null) return binaryLabel(bytes);
  // Cut at a byte, the head may end inside a character: that one shows as U+FFFD.
  const lines = headLines(new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 8192)));
  const source = titleSource(lines);
  const { words } = titleWords(source ? lines[source.line] : '', maxLength);
  return words === '' ? '(blank page)' : words;
}

/**
 * A page's text without the heading that opens it, when that heading is its
 * title whole: the viewer shows it once, as the page's own heading, and the
 * rendered Markdown goes on from the next line. Any other text is returned as it is.
 */
export function withoutTitleHeading(text: string): string {
  const lines = headLines(text);
  const source = titleSource(lines);
  if (!source?.heading || !source.first) return text;
  const { words, cut } = titleWords(lines[source.line], TITLE_MAX_LENGTH);
  if (cut || words === '') return text;
  return text
    .split(/\r?\n/)
    .slice(source.line + source.lines)
    .join('\n');
}

/** Whether a page's text uses Markdown a reader would want rendered (headings, lists, emphasis, links, tables…). */
export function looksLikeMarkdown(text: string): boolean {
  const head = text.slice(0, 16384);
  return (
    /^\s{0,3}(#{1,6}\s|>|[-*+]\s|\d{1,9}[.)]\s|```|~~~|\|.*\||={3,}\s*$|-{3,}\s*$)/m.test(head) ||
    /(\*\*|__|~~)\S.*?\1|\[[^\]]+\]\([^)]+\)|`[^`\n]+`/.test(head)
  );
}
