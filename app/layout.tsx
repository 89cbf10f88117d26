import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppChrome } from '../components/AppChrome';
import { NextLinks } from '../components/NextLinks';
import { publicHost } from '../lib/web/request-host';
import { realtimeAddress } from '../lib/web/realtime-url';
import { PAGE_LIMIT_META_NAME, RELAY_META_NAME } from '../lib/web/relay-meta';
import { EARLY_START_SRC } from './early-start-src';
import { siteMetadata } from './page-metadata';
import { readRuntimeConfig } from './runtime-config';
import './globals.css';

export function generateMetadata(): Promise<Metadata> {
  return siteMetadata();
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so the nonce and
  // REALTIME_URL are current (a deployment changes them without a rebuild).
  const requestHeaders = await headers();
  const config = readRuntimeConfig();
  // The same address as the CSP's connect-src (proxy.ts), from the same request (where it
  // cannot be told, proxy.ts has answered with the reason instead).
  const realtime = realtimeAddress(config.realtime, publicHost(requestHeaders), config.realtimePort);
  return (
    <html lang="en">
      <head>
        {/* Read by the early start, the script below. */}
        <meta name={RELAY_META_NAME} content={realtime} />
        <meta name={PAGE_LIMIT_META_NAME} content={String(config.pageMaxBytes)} />
        {/*
          The early start (lib/client/early-start.ts) opens the relay connection and shows a page's
          text before React hydrates. Parser-blocking on purpose, like the floor page's one script
          (bench/web/floor.html): nothing of the framework's can run ahead of it, and the app finds
          its handle there when it hydrates. The nonce is the browser's business alone.
        */}
        {/* eslint-disable-next-line @next/next/no-sync-scripts -- parser-blocking is the point, as said above */}
        <script src={EARLY_START_SRC} nonce={requestHeaders.get('x-nonce') ?? undefined} suppressHydrationWarning />
      </head>
      <body className="min-h-screen antialiased">
        <NextLinks>
          <AppChrome realtimeUrl={realtime} pageMaxBytes={config.pageMaxBytes}>
            {children}
          </AppChrome>
        </NextLinks>
      </body>
    </html>
  );
}
