import { realtimeConnectSources } from './realtime-url';

/**
 * The Content-Security-Policy for every HTML response. Scripts run only with
 * this response's nonce (Next.js's own) or from our origin, so markup inside a
 * peer's page can never run; the socket may reach only the sidecar.
 */
export function contentSecurityPolicy(options: { nonce: string; realtimeAddress: string; dev: boolean }): string {
  const { nonce, realtimeAddress, dev } = options;
  const directives = [
    "default-src 'self'",
    // React's dev build uses eval for stack traces; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Style attributes only come from our own components, never from page content.
    "style-src 'self' 'unsafe-inline'",
    // data: for the QR code; remote images are refused so a page cannot track its readers.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${realtimeConnectSources(realtimeAddress).join(' ')}${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}
