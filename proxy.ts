import { NextResponse, type NextRequest } from 'next/server';
import { readRuntimeConfig } from './app/runtime-config';
import { contentSecurityPolicy } from './lib/web/csp';
import { realtimeAddress } from './lib/web/realtime-url';

/**
 * Gives every HTML response a fresh script nonce and the CSP that requires it;
 * Next.js reads the nonce from the request's CSP header and stamps its own scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const config = readRuntimeConfig();
  // The Host header, not request.nextUrl: Next.js gives that the host it listens on, not the one the browser used.
  const address = realtimeAddress(config.realtimeUrl, request.headers.get('host'), config.realtimePort);
  const policy = contentSecurityPolicy({
    nonce,
    realtimeAddress: address,
    dev: process.env.NODE_ENV === 'development',
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
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
