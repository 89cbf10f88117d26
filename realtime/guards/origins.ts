/**
 * `CORS_ORIGIN` entries: bare origins (`https://app.example.com`) or patterns
 * whose host has `*` wildcards (`https://<project>-*-<team>.vercel.app`). A `*` stands
 * for one or more letters, digits or hyphens inside one DNS label, never a dot,
 * so a pattern cannot be stretched over someone else's domain.
 */
export type OriginMatcher = (origin: string) => boolean;

const WILDCARD_STAND_IN = 'wildcard0';

/** Why `entry` is not an origin or pattern, or null when it is one. */
export function originEntryProblem(entry: string): string | null {
  if (entry === '*') return "a bare * would let any website use the relay: list the web app's origins or patterns";
  let url: URL;
  try {
    url = new URL(entry.replaceAll('*', WILDCARD_STAND_IN));
  } catch {
    return 'entries are origins such as https://example.com or patterns such as https://*-team.vercel.app';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'entries are http:// or https:// origins';
  if (url.origin !== entry.replaceAll('*', WILDCARD_STAND_IN).toLowerCase()) {
    return 'entries are bare origins (scheme://host[:port], no path or trailing slash)';
  }
  if (url.hostname.split('.').every((label) => label.includes(WILDCARD_STAND_IN))) {
    return 'a pattern needs a fixed domain after its wildcard, such as https://*.example.com';
  }
  return null;
}

/**
 * Documentation names (RFC 2606) and the placeholder team slug of examples: copied into a
 * deployment unedited, they admit no real site, and the web app is refused
 * everywhere with nothing at start saying why.
 */
const PLACEHOLDER_HOST = /(^|[.-])myteam([.-]|$)|(^|\.)example(\.com|\.net|\.org)?$/;

/** The placeholder in `entry` (assumed valid), or null. */
export function originPlaceholder(entry: string): string | null {
  const hostname = new URL(entry.replaceAll('*', WILDCARD_STAND_IN)).hostname;
  const found = PLACEHOLDER_HOST.exec(hostname);
  return found ? found[0].replace(/^[.-]|[.-]$/g, '') : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One matcher for every check of an Origin header against the entries (assumed valid). */
export function originMatcher(entries: readonly string[]): OriginMatcher {
  const exact = new Set(entries.filter((e) => !e.includes('*')).map((e) => e.toLowerCase()));
  const patterns = entries
    .filter((e) => e.includes('*'))
    .map((e) => new RegExp(`^${e.toLowerCase().split('*').map(escapeRegExp).join('[a-z0-9-]+')}$`));
  return (origin) => {
    const candidate = origin.toLowerCase();
    return exact.has(candidate) || patterns.some((pattern) => pattern.test(candidate));
  };
}
