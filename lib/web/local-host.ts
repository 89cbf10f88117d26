import ipaddr from 'ipaddr.js';

/** Address ranges a laptop or a LAN party reaches the web app on: never a public deployment's. */
const LOCAL_RANGES = new Set(['loopback', 'private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat']);

/**
 * Whether a request to `hostname` (as parsed by request-host.ts) comes from
 * this machine or its local network: a loopback or private address,
 * `localhost`, an mDNS `.local` name, or a single-label intranet name. Only
 * then may the web app guess that the sidecar is on the same host.
 */
export function isLocalHostname(hostname: string): boolean {
  const ipv6 = /^\[(.*)\]$/.exec(hostname);
  if (ipv6) return LOCAL_RANGES.has(ipaddr.process(ipv6[1]).range());
  if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) return LOCAL_RANGES.has(ipaddr.IPv4.parse(hostname).range());
  return !hostname.includes('.') || hostname.endsWith('.localhost') || hostname.endsWith('.local');
}
