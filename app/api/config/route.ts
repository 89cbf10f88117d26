import { NextResponse, type NextRequest } from 'next/server';
import { PROTOCOL_VERSION } from '../../../lib/protocol';
import type { PublicConfig } from '../../../lib/public-config';
import { realtimeAddress, resolveRealtimeUrl } from '../../../lib/web/realtime-url';
import { readRuntimeConfig } from '../../runtime-config';

// Read per request: a deployment changes REALTIME_URL or PAGE_MAX_BYTES without a rebuild.
export const dynamic = 'force-dynamic';

/** The app's public settings, for clients outside the browser (the CLI): where the relay is and what it takes. */
export function GET(request: NextRequest): NextResponse<PublicConfig> {
  const config = readRuntimeConfig();
  const body: PublicConfig = {
    // Resolved against this request's host exactly as the page's CSP is; a TLS proxy in front says https.
    realtimeUrl: resolveRealtimeUrl(
      realtimeAddress(config.realtimeUrl, request.headers.get('host') ?? request.nextUrl.host, config.realtimePort),
      { protocol: request.headers.get('x-forwarded-proto') === 'https' ? 'https:' : request.nextUrl.protocol },
    ),
    pageMaxBytes: config.pageMaxBytes,
    protocol: PROTOCOL_VERSION,
  };
  return NextResponse.json(body, { headers: { 'Cache-Control': 'no-store' } });
}
