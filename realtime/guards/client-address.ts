import type { IncomingHttpHeaders } from 'node:http';
import ipaddr from 'ipaddr.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/**
 * A dotted-quad IPv4 address in its canonical form (no leading zeros, which
 * ipaddr.js reads as octal), alone or mapped into IPv6: its key is itself.
 */
const DOTTED_QUAD = new RegExp(`^(?:::ffff:)?(${OCTET}(?:\\.${OCTET}){3})$`, 'i');

/**
 * One client, as every per-address cap and budget counts it: an IPv4 address,
 * or the /64 an IPv6 address belongs to (one subscriber is routed a whole /64,
 * so each of its 2^64 addresses is not another client). An IPv4-mapped IPv6
 * address (`::ffff:203.0.113.7`, how a dual-stack listener reports an IPv4
 * client) is its IPv4 address. Undefined when `raw` is not an IP address.
 */
export function addressKey(raw: string): string | undefined {
  // What a socket reports, as a rule: a profile of an arrival storm found ipaddr.js's parse the guards' largest cost per connection.
  const v4 = DOTTED_QUAD.exec(raw);
  if (v4) return v4[1];
  // A zone index (`fe80::1%eth0`) names the interface, not the client.
  const bare = raw.trim().replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return undefined;
  const address = ipaddr.process(bare);
  if (address.kind() === 'ipv4') return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}

/**
 * The client's address key: from the header a trusted proxy sets, when one is
 * named (a proxy that appends, X-Forwarded-For style, puts the address it saw
 * last), else from the socket. A header that holds no IP address falls back to
 * the socket's: whatever sent it cannot pick its own key.
 */
export function clientAddress(
  request: { remoteAddress: string | undefined; headers: IncomingHttpHeaders },
  trustProxyHeader: string | undefined,
): string {
  const value = trustProxyHeader ? request.headers[trustProxyHeader] : undefined;
  const fromProxy = (Array.isArray(value) ? value[value.length - 1] : value)?.split(',').pop();
  const peer = request.remoteAddress ?? 'unknown';
  return (fromProxy && addressKey(fromProxy)) || addressKey(peer) || peer;
}
