import type { NextRequest } from 'next/server';
import { isPageHash } from '../../../lib/hash';
import { viewerDocument } from '../../../lib/web/viewer-document';
import { documentResponse } from '../../document-response';
import { EARLY_START_SRC } from '../../early-start-src';

// Per request: the nonce, and REALTIME_URL, which a deployment changes without a rebuild.
export const dynamic = 'force-dynamic';

/**
 * The viewer document, for a browser opening `/<hash>` (proxy.ts sends such
 * requests here; Next's own navigations still get app/[hash]/page.tsx).
 */
export async function GET(request: NextRequest, context: { params: Promise<{ hash: string }> }): Promise<Response> {
  const { hash } = await context.params;
  if (!isPageHash(hash)) return new Response('Not a page address.\n', { status: 404 });
  return documentResponse(
    request,
    (parts, values) => viewerDocument(parts, { ...values, hash, earlyStartSrc: EARLY_START_SRC }),
    { 'X-Robots-Tag': 'noindex, nofollow' },
  );
}
