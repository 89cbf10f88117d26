import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppChrome } from '../components/AppChrome';
import { NextLinks } from '../components/NextLinks';
import { publicHost } from '../lib/web/request-host';
import { realtimeAddress } from '../lib/web/realtime-url';
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
      {/*
        No early start here: Next's pages open no page at load (a browser opening `/` or a link
        gets a document of its own, lib/web/document-route.ts), so nothing holds their first
        paint; the app opens the tab's relay connection when the tab first needs it
        (components/RealtimeProvider.tsx).
      */}
      <head />
      <body className="min-h-screen antialiased">
        <NextLinks>
          <AppChrome realtimeUrl={realtime} pageMaxBytes={config.pageMaxBytes} loadAtFirstUse>
            {children}
          </AppChrome>
        </NextLinks>
      </body>
    </html>
  );
}
