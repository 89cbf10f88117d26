import type { NextRequest } from 'next/server';
import { isPageHash } from '../../../lib/hash';
import { publicHost, publicOrigin } from '../../../lib/web/request-host';
import { realtimeAddress } from '../../../lib/web/realtime-url';
import { readViewerBuild, viewerDocument, ViewerNotBuiltError } from '../../../lib/web/viewer-document';
import type { ViewerBuild } from '../../../viewer/document-parts';
import { EARLY_START_SRC } from '../../early-start-src';
import { readRuntimeConfig } from '../../runtime-config';

// Per request: the nonce, and REALTIME_URL, which a deployment changes without a rebuild.
export const dynamic = 'force-dynamic';

/**
 * The viewer document, for a browser opening `/<hash>` (proxy.ts sends such
 * requests here; Next's own navigations still get app/[hash]/page.tsx).
 */
export async function GET(request: NextRequest, context: { params: Promise<{ hash: string }> }): Promise<Response> {
  const { hash } = await context.params;
  if (!isPageHash(hash)) return new Response('Not a page address.\n', { status: 404 });
  const config = readRuntimeConfig();
  let parts: ViewerBuild;
  try {
    parts = readViewerBuild();
  } catch (error) {
    if (!(error instanceof ViewerNotBuiltError)) throw error;
    return new Response(`${error.message}\n`, {
      status: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const html = viewerDocument(parts, {
    hash,
    nonce: request.headers.get('x-nonce') ?? '',
    // proxy.ts has answered the reason already where the address cannot be told.
    realtime: realtimeAddress(config.realtime, publicHost(request.headers), config.realtimePort),
    pageMaxBytes: config.pageMaxBytes,
    origin: publicOrigin(request.headers, request.nextUrl.protocol),
    earlyStartSrc: EARLY_START_SRC,
  });
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'private, no-cache, no-store, max-age=0, must-revalidate',
      'X-Robots-Tag': 'noindex, nofollow',
    },
  });
}
