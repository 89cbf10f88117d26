import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { RealtimeProvider } from '../components/RealtimeProvider';
import { realtimeAddress } from '../lib/web/realtime-url';
import { readRuntimeConfig } from './runtime-config';
import './globals.css';

export const metadata: Metadata = {
  title: 'Ephemeral P2P',
  description: 'Pages that live only in the browser tabs that hold them.',
  referrer: 'no-referrer',
};

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
  // The same address as the CSP's connect-src (proxy.ts), from the same request.
  const realtime = realtimeAddress(config.realtimeUrl, requestHeaders.get('host'), config.realtimePort);
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <RealtimeProvider realtimeUrl={realtime} pageMaxBytes={config.pageMaxBytes}>
          <ConnectionBanner />
          <div className="mx-auto flex max-w-4xl flex-col gap-6 px-4 py-6 sm:py-10">
            <header className="flex flex-wrap items-baseline justify-between gap-2">
              <Link href="/" className="text-xl font-semibold tracking-tight hover:underline">
                Ephemeral&nbsp;P2P
              </Link>
              <p className="text-sm text-slate-500 dark:text-slate-400">
                Pages live only in the tabs that hold them. The server stores nothing.
              </p>
            </header>
            <main className="flex flex-col gap-6">{children}</main>
          </div>
        </RealtimeProvider>
      </body>
    </html>
  );
}
