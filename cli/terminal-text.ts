/**
 * Whether page bytes can go to a terminal as they are. A terminal acts on
 * control characters (retitling it, writing the clipboard, clearing the
 * screen), so only valid UTF-8 text whose only controls are newline and tab
 * (and CR as part of a CRLF line end) is printed there.
 */

// Every C0 control but tab and newline, DEL, and the C1 controls (U+0080–U+009F, which some terminals obey).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Why the bytes must not reach a terminal, as the end of "the page …", or null when they are plain text. */
export function notPlainText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'is not UTF-8 text';
  }
  const at = CONTROL.exec(text.replace(/\r\n/g, '\n'));
  if (!at) return null;
  const code = at[0].codePointAt(0)!;
  return `contains control characters (U+${code.toString(16).toUpperCase().padStart(4, '0')} first), which a terminal would act on`;
}
