import { NextResponse, type NextRequest } from 'next/server';
import { readRuntimeConfig } from './app/runtime-config';
import { contentSecurityPolicy } from './lib/web/csp';
import { publicHost } from './lib/web/request-host';
import { RelayAddressError, realtimeAddress } from './lib/web/realtime-url';
import { documentPathFor } from './lib/web/document-route';

/**
 * Gives every HTML response a fresh script nonce and the CSP that requires it;
 * Next.js reads the nonce from the request's CSP header and stamps its own scripts.
 * When the relay's address cannot be told, a page would only spin: it answers
 * the reason instead (`/api/` routes answer it themselves, as JSON).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const config = readRuntimeConfig();
  let address: string;
  try {
    address = realtimeAddress(config.realtime, publicHost(request.headers), config.realtimePort);
  } catch (error) {
    if (!(error instanceof RelayAddressError)) throw error;
    if (request.nextUrl.pathname.startsWith('/api/')) return NextResponse.next();
    return new NextResponse(`${error.message}\n`, {
      status: error.status,
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'",
      },
    });
  }
  const policy = contentSecurityPolicy({
    nonce,
    realtimeAddress: address,
    dev: process.env.NODE_ENV === 'development',
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  // The editor and a shared link open documents without Next's runtime: the screen, at once.
  const document = documentPathFor({
    method: request.method,
    pathname: request.nextUrl.pathname,
    headers: request.headers,
  });
  const response = document
    ? NextResponse.rewrite(new URL(document, request.url), { request: { headers: requestHeaders } })
    : NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
