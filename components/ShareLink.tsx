'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { pagePath } from '../lib/client/private-page';
import { yieldToBrowser } from '../lib/client/yield-to-browser';
import { useAnnouncement } from './Announcer';

const subscribeToNothing = () => () => {};

/** This page's origin; empty while rendering on the server. */
function useOrigin(): string {
  return useSyncExternalStore(
    subscribeToNothing,
    () => window.location.origin,
    () => '',
  );
}

/** Whether the system share sheet exists here (phones, some desktops); false while rendering on the server. */
function useCanShare(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => typeof navigator.share === 'function',
    () => false,
  );
}

/** The page's full link: with its key for a private page; empty on the server. */
function usePageUrl(hash: string, linkKey: string | null): string {
  const origin = useOrigin();
  return origin ? `${origin}${pagePath(hash, linkKey)}` : '';
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard) return navigator.clipboard.writeText(text);
  throw new Error('no clipboard');
}

const BUTTON =
  'min-h-11 shrink-0 rounded-md px-4 py-2 text-sm font-semibold disabled:opacity-60 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 focus-visible:outline-none';

/**
 * The page's full link (with its key for a private page), Copy, and the
 * system share sheet where there is one: compact, so it fits beside the top
 * of the page on a phone. `alone`: only this tab holds the page, which is
 * said here, where the way to fix it is.
 */
export function ShareLink({ hash, linkKey, alone = false }: { hash: string; linkKey: string | null; alone?: boolean }) {
  const url = usePageUrl(hash, linkKey);
  const canShare = useCanShare();
  const [copyResult, setCopyResult] = useState<{ shown: string; said: string } | null>(null);
  useAnnouncement(copyResult?.said ?? null);

  async function copy() {
    try {
      await copyText(url);
      setCopyResult({ shown: 'Link copied.', said: 'Copied the link to the clipboard.' });
    } catch {
      // navigator.clipboard exists only in secure contexts (not plain http on a LAN address).
      setCopyResult({
        shown: 'Copying is blocked here: select the link and copy it yourself.',
        said: 'Could not copy here; copy the link by hand.',
      });
    }
  }

  async function shareSheet() {
    try {
      // A generic title: the sheet's target app may show it to others, and a private page's text stays private.
      await navigator.share({ title: 'A page on Ephemeral P2P', url });
    } catch {
      // Dismissed, or refused by the system: the link and Copy are still here.
    }
  }

  return (
    <section aria-labelledby="share-heading" data-testid="share-link" className="flex flex-col gap-1">
      <h2 id="share-heading" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
        Share link
      </h2>
      <div className="flex gap-2">
        <input
          readOnly
          value={url}
          aria-label="Link to this page"
          onFocus={(event) => event.currentTarget.select()}
          className="min-h-11 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
        />
        <button
          type="button"
          onClick={() => void copy()}
          disabled={url === ''}
          className={`${BUTTON} bg-slate-800 text-white hover:bg-slate-700 dark:bg-slate-200 dark:text-slate-900 dark:hover:bg-white`}
        >
          Copy
        </button>
        {canShare && (
          <button
            type="button"
            onClick={() => void shareSheet()}
            className={`${BUTTON} border border-slate-300 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800`}
          >
            Share…
          </button>
        )}
      </div>
      <p className="min-h-5 text-sm text-slate-600 dark:text-slate-300">
        {copyResult?.shown ??
          (alone
            ? 'Only this tab holds the page: if you close it, the page will be gone. Share the link to keep it alive.'
            : '')}
      </p>
    </section>
  );
}

/** A QR code of the page's link for a phone across the room, and what a private link's key is. */
export function ShareExtras({ hash, linkKey }: { hash: string; linkKey: string | null }) {
  const url = usePageUrl(hash, linkKey);
  const qr = useQuery({
    queryKey: ['qr', url],
    // Loaded only when a link is shown, not with the viewer. As SVG: drawing
    // a canvas and encoding it as PNG took longer than making the code.
    queryFn: async () => {
      const { default: QRCode } = await import('qrcode');
      // Loading the library and making the code were one long task on a phone.
      await yieldToBrowser();
      // One byte-mode segment: the library's search for a tighter mix of modes
      // cost more than it saves on a link (a code a size larger at most).
      const svg = await QRCode.toString([{ data: new TextEncoder().encode(url), mode: 'byte' }], {
        type: 'svg',
        margin: 1,
        errorCorrectionLevel: 'M',
      });
      return `data:image/svg+xml,${encodeURIComponent(svg)}`;
    },
    enabled: url !== '',
  });
  return (
    <section aria-label="More ways to share" className="flex flex-col gap-3 sm:flex-row sm:items-start">
      {/* The code's room is kept while it is drawn, so nothing below it moves when it appears. */}
      <div className="size-44 shrink-0">
        {qr.data && (
          // A data: URL made in this tab: next/image has nothing to optimise.
          // eslint-disable-next-line @next/next/no-img-element
          <img
            src={qr.data}
            alt="QR code of the link to this page"
            width={176}
            height={176}
            className="size-44 rounded-md bg-white p-1"
          />
        )}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {linkKey ? (
          <>
            The key is the part after <code>#k=</code>: it is in this link only and never reaches a server. Anyone with
            the full link can read the page; without the key nobody can, so keep the whole link.
          </>
        ) : (
          'Scan the code with a phone to open the page there; that tab will hold it too.'
        )}
      </p>
    </section>
  );
}
