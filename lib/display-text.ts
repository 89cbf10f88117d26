/**
 * Text that came from a page or a server, made safe to show: terminals act
 * on control characters (ESC starts sequences that retitle the window, write
 * the clipboard or fake links) and bidirectional overrides reorder what is
 * read. Both are removed from single-line text such as status and errors.
 */
// C0 (including ESC, CR and LF), DEL, C1, and the bidi embedding, override and isolate marks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without control characters or bidi overrides, for one line on a terminal or in a title. */
export function withoutControls(text: string): string {
  return text.replace(UNSAFE, '');
}
