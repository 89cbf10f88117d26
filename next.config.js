/** Headers for every response; the Content-Security-Policy is per request, in proxy.ts. */
const securityHeaders = [
  // A page's address is its content's hash: never leak it to another site.
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  // Browsers keep to https for two years once they saw this over https (ignored over plain http).
  { key: 'Strict-Transport-Security', value: 'max-age=63072000' },
];

const { networkInterfaces } = require('node:os');

/**
 * `next dev` serves its dev-only resources (hot reload among them) to
 * localhost alone; 127.0.0.1 and the LAN address it prints as its Network URL
 * work out of the box too, as the sidecar's local default admits them.
 */
const localDevHosts = [
  '127.0.0.1',
  ...Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => address.address),
];

/** @type {import('next').NextConfig} */
module.exports = {
  poweredByHeader: false,
  allowedDevOrigins: localDevHosts,
  reactStrictMode: true,
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // A page address goes dead when its last holder leaves: keep it out of search results.
      { source: '/:hash([0-9a-fA-F]{64})', headers: [{ key: 'X-Robots-Tag', value: 'noindex, nofollow' }] },
    ];
  },
};
