import { NextResponse, type NextRequest } from 'next/server';
import { PROTOCOL_VERSION } from '../../../lib/protocol';
import type { PublicConfig } from '../../../lib/public-config';
import { publicHost, publicProtocol } from '../../../lib/web/request-host';
import { RelayAddressError, realtimeAddress } from '../../../lib/web/realtime-url';
import { resolveRealtimeUrl } from '../../../lib/web/relay-meta';
import { readRuntimeConfig } from '../../runtime-config';

// Read per request: a deployment changes REALTIME_URL or PAGE_MAX_BYTES without a rebuild.
export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * The app's public settings, for clients outside the browser (the CLI): where
 * the relay is and what it takes; `{ "error": "..." }` when the relay's
 * address cannot be told for this request.
 */
export function GET(request: NextRequest): NextResponse<PublicConfig | { error: string }> {
  const config = readRuntimeConfig();
  let address: string;
  try {
    address = realtimeAddress(config.realtime, publicHost(request.headers), config.realtimePort);
  } catch (error) {
    if (!(error instanceof RelayAddressError)) throw error;
    return NextResponse.json({ error: error.message }, { status: error.status, headers: NO_STORE });
  }
  const body: PublicConfig = {
    // Resolved against this request's host exactly as the page's CSP is; a TLS proxy in front says https.
    realtimeUrl: resolveRealtimeUrl(address, { protocol: publicProtocol(request.headers, request.nextUrl.protocol) }),
    pageMaxBytes: config.pageMaxBytes,
    protocol: PROTOCOL_VERSION,
  };
  return NextResponse.json(body, { headers: NO_STORE });
}
