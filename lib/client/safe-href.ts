/** Schemes a link in a peer's page may use; anything else is never a link. */
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

const SCHEME = /^([a-z][a-z0-9+.-]*):/;

/** Characters browsers drop from a URL before reading its scheme (controls, whitespace). */
const IGNORED_BY_BROWSERS =
  /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16) % 0x110000))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec) % 0x110000))
    .replace(/&colon;?/gi, ':')
    .replace(/&tab;?|&newline;?/gi, '');
}

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * What a browser would take the URL's scheme to be, after undoing the
 * encodings attackers use to hide `javascript:` (entities, percent-encoding,
 * embedded tabs and newlines, mixed case). Null when there is no scheme.
 */
function effectiveScheme(raw: string): string | null {
  let probe = raw;
  for (let round = 0; round < 4; round += 1) {
    const next = decodePercent(decodeEntities(probe)).replace(IGNORED_BY_BROWSERS, '');
    if (next === probe) break;
    probe = next;
  }
  probe = probe.toLowerCase();
  const match = SCHEME.exec(probe);
  if (match) return match[1];
  // A colon before any path, query or fragment still reads as a scheme to some parsers.
  const colon = probe.indexOf(':');
  const firstDelimiter = probe.search(/[/?#]/);
  if (colon !== -1 && (firstDelimiter === -1 || colon < firstDelimiter)) return probe.slice(0, colon);
  return null;
}

/**
 * The URL if it is safe to put in a link's href from untrusted page content:
 * http, https and mailto, or a relative reference. Null otherwise, so
 * `javascript:`, `data:`, `vbscript:` and their encoded variants never become links.
 */
export function safeHref(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const url = raw.trim();
  if (url === '') return null;
  const scheme = effectiveScheme(url);
  if (scheme === null) return url;
  return ALLOWED_SCHEMES.has(scheme) ? url : null;
}
