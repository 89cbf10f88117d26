'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { pagePath } from '../lib/client/private-page';
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

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard) return navigator.clipboard.writeText(text);
  throw new Error('no clipboard');
}

/** The page's full link (with its key for a private page) with a Copy button and a QR code for phones. */
export function ShareLink({ hash, linkKey }: { hash: string; linkKey: string | null }) {
  const origin = useOrigin();
  const url = origin ? `${origin}${pagePath(hash, linkKey)}` : '';
  const [copyResult, setCopyResult] = useState<{ shown: string; said: string } | null>(null);
  useAnnouncement(copyResult?.said ?? null);
  const qr = useQuery({
    queryKey: ['qr', url],
    // Loaded only when a link is shown, not with the viewer.
    queryFn: async () => {
      const { default: QRCode } = await import('qrcode');
      return QRCode.toDataURL(url, { margin: 1, width: 176, errorCorrectionLevel: 'M' });
    },
    enabled: url !== '',
  });

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

  return (
    <section aria-labelledby="share-heading" className="flex flex-col gap-4 sm:flex-row sm:items-start">
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <h2
          id="share-heading"
          className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400"
        >
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
            className="min-h-11 rounded-md bg-slate-800 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700 dark:bg-slate-200 dark:text-slate-900 dark:hover:bg-white"
          >
            Copy
          </button>
        </div>
        {linkKey && (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            The key is the part after <code>#k=</code>: it is in this link only and never reaches a server. Anyone with
            the full link can read the page; without the key nobody can, so keep the whole link.
          </p>
        )}
        <p className="min-h-5 text-sm text-slate-600 dark:text-slate-300">{copyResult?.shown}</p>
      </div>
      {qr.data && (
        // A data: URL made in this tab: next/image has nothing to optimise.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={qr.data}
          alt="QR code of the link to this page"
          width={176}
          height={176}
          className="rounded-md bg-white p-1"
        />
      )}
    </section>
  );
}
