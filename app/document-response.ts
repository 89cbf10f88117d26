import type { NextRequest } from 'next/server';
import type { DocumentRequest } from '../lib/web/document-head';
import { publicHost, publicOrigin } from '../lib/web/request-host';
import { realtimeAddress } from '../lib/web/realtime-url';
import { readViewerBuild, ViewerNotBuiltError } from '../lib/web/viewer-document';
import type { ViewerBuild } from '../viewer/document-parts';
import { readRuntimeConfig } from './runtime-config';

/**
 * A document served without Next's runtime (the editor's, the viewer's), from
 * npm run build:viewer's parts and this request's values; a readable 500 when
 * the parts were never built.
 */
export function documentResponse(
  request: NextRequest,
  write: (parts: ViewerBuild, values: DocumentRequest) => string,
  headers: Record<string, string> = {},
): Response {
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
  const html = write(parts, {
    nonce: request.headers.get('x-nonce') ?? '',
    // proxy.ts has answered the reason already where the address cannot be told.
    realtime: realtimeAddress(config.realtime, publicHost(request.headers), config.realtimePort),
    pageMaxBytes: config.pageMaxBytes,
    origin: publicOrigin(request.headers, request.nextUrl.protocol),
  });
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'private, no-cache, no-store, max-age=0, must-revalidate',
      ...headers,
    },
  });
}
