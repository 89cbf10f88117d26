import ipaddr from 'ipaddr.js';

/**
 * The public host and scheme of a request, from its Host and X-Forwarded-*
 * headers. Whatever a client sends there ends up in the CSP, the page's socket
 * address and its metadata, so only a plain `hostname[:port]` is taken: a
 * hostname of letters, digits, hyphens and dots, or a bracketed IPv6 literal.
 * Anything else (`*`, quotes, `;`, `,`, a path, a user) counts as absent.
 */
const HOSTNAME = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;
const IPV6_LITERAL = /^\[([0-9a-f:.]+)\]$/;
const PORT = /^[0-9]{1,5}$/;

type HeaderReader = Pick<Headers, 'get'>;

export interface PublicHost {
  /** As a URL writes it: lower case, IPv6 in brackets. */
  hostname: string;
  /** `hostname:port`, or the hostname alone when the header had no port. */
  host: string;
}

/** `raw` parsed strictly as `hostname[:port]`, or null. */
export function parseHost(raw: string | null | undefined): PublicHost | null {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value.length > 260) return null;
  const portAt = value.lastIndexOf(':');
  const hasPort = portAt !== -1 && !value.endsWith(']') && (value.startsWith('[') || value.indexOf(':') === portAt);
  const hostname = hasPort ? value.slice(0, portAt) : value;
  const port = hasPort ? value.slice(portAt + 1) : '';
  if (hasPort && (!PORT.test(port) || Number(port) > 65535)) return null;
  const ipv6 = IPV6_LITERAL.exec(hostname);
  if (ipv6 ? !ipaddr.IPv6.isValid(ipv6[1]) : !HOSTNAME.test(hostname)) return null;
  return { hostname, host: hasPort ? `${hostname}:${port}` : hostname };
}

/** The first entry of a header a chain of proxies appends to: the one the client's own request set. */
function firstEntry(value: string | null): string | null {
  return value === null ? null : value.split(',')[0];
}

/**
 * The host the browser asked for: X-Forwarded-Host when a proxy set a valid
 * one, else the Host header (the one Next.js gives `request.nextUrl` is the
 * host it listens on). Null when neither is a plain host.
 */
export function publicHost(headers: HeaderReader): PublicHost | null {
  return parseHost(firstEntry(headers.get('x-forwarded-host'))) ?? parseHost(headers.get('host'));
}

/** `https:` or `http:` as a TLS proxy in front reports it (X-Forwarded-Proto), else the server's own. */
export function publicProtocol(headers: HeaderReader, own: string): 'http:' | 'https:' {
  const forwarded = firstEntry(headers.get('x-forwarded-proto'))?.trim().toLowerCase();
  if (forwarded === 'https' || forwarded === 'http') return `${forwarded}:`;
  return own === 'https:' ? 'https:' : 'http:';
}

/**
 * The origin the request came to (behind a proxy, the one it forwarded), from
 * publicHost and publicProtocol; null when the headers name no plain host.
 */
export function publicOrigin(headers: HeaderReader, own: string): string | null {
  const host = publicHost(headers);
  return host ? `${publicProtocol(headers, own)}//${host.host}` : null;
}
