import type { NextRequest } from 'next/server';
import { editorDocument } from '../../lib/web/editor-document';
import { documentResponse } from '../document-response';

// Per request: the nonce, and REALTIME_URL, which a deployment changes without a rebuild.
export const dynamic = 'force-dynamic';

/**
 * The editor document, for a browser opening `/` (proxy.ts sends such
 * requests here; Next's own navigations still get app/page.tsx).
 */
export function GET(request: NextRequest): Response {
  return documentResponse(request, editorDocument);
}
