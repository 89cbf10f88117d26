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

/**
 * Control characters shown harmlessly: C0 controls and DEL as their visible
 * symbols (U+2400 block), C1 controls and bidi embeddings, overrides and
 * isolates as U+FFFD, so a name can neither break a line nor flip the text
 * around it.
 */
export function harmless(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
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
  const lines = bytesToText(bytes.subarray(0, 8192)).split(/\r?\n/);
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
  const words = harmless(stripInlineMarkdown(heading ?? firstLine ?? ''));
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
