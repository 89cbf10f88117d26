/**
 * Text that came from a page or a server, made safe to show. Terminals act
 * on control characters (ESC starts sequences that retitle the window, write
 * the clipboard or fake links) and bidirectional overrides reorder what is
 * read; in a browser they are invisible, so a page could hide what it holds.
 */

// C0 (including ESC, CR and LF), DEL, C1, and the bidi embedding, override and isolate marks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without control characters or bidi overrides, for one line on a terminal. */
export function withoutControls(text: string): string {
  return text.replace(UNSAFE, '');
}

// Every control but newline and tab; a CR is matched only when it does not end a CRLF line.
const CONTROLS_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

/**
 * `text` with its control characters as visible symbols: C0 as Unicode's
 * control pictures (ESC shows as ␛), DEL as ␡, C1 as �. Newlines and tabs
 * stay (and CRLF line ends) when `lines` is true; in one-line text (a title,
 * a list entry) they show as symbols too, with bidi overrides as �.
 */
export function visibleControls(text: string, { lines }: { lines: boolean }): string {
  const pattern = lines ? CONTROLS_IN_TEXT : UNSAFE;
  return text.replace(pattern, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}
