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

const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { networkInterfaces } = require('node:os');
const { join } = require('node:path');

/**
 * A digest of the early start's script (npm run build:early writes it before
 * next build and next dev): its address carries it (app/early-start-src.ts),
 * so browsers may keep the file for good.
 */
function earlyStartVersion() {
  try {
    return createHash('sha256')
      .update(readFileSync(join(__dirname, 'public/early-start.js')))
      .digest('hex')
      .slice(0, 16);
  } catch {
    return 'missing';
  }
}

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
  env: { EARLY_START_VERSION: earlyStartVersion() },
  // Next's pages keep their stylesheet linked (inlineCss off), cached across
  // visits: inline, Next also writes it twice into the page's RSC payload, and
  // the editor's document grew from 4 to 18 KB compressed, its parse
  // into Lighthouse's blocking time (A/B on /: 87 inline, 92 linked). The
  // viewer document, whose early start a linked stylesheet would hold, inlines
  // its own (tools/build-viewer.ts).
  // The documents' parts (npm run build:viewer), read by their routes at run time: deployed with
  // them. The keys are globs, where [hash] would be a character class: hence the *.
  outputFileTracingIncludes: {
    '/editor-document': ['./viewer/.built/**'],
    '/viewer-document/*': ['./viewer/.built/**'],
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/early-start.js', headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }] },
      // The viewer document's scripts are named by digest (npm run build:viewer).
      { source: '/viewer/:file*', headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }] },
      // A page address goes dead when its last holder leaves: keep it out of search results.
      { source: '/:hash([0-9a-fA-F]{64})', headers: [{ key: 'X-Robots-Tag', value: 'noindex, nofollow' }] },
    ];
  },
};
