'use client';

import Link from 'next/link';
import { pagePreview, shortHash } from '../lib/client/page-text';
import { isSealedPage, pagePath } from '../lib/client/private-page';
import { HealthMeter } from './HealthMeter';
import { useRealtime } from './RealtimeProvider';
import { useHeldPages, useOpenedPage, usePage, useRememberedKey } from './realtime-hooks';

/** A held page's name in the list: its first line, once it can be read. */
function heldPageName(hash: string, bytes: Uint8Array | undefined, opened: Uint8Array | undefined): string {
  if (opened) return pagePreview(opened);
  if (bytes && isSealedPage(bytes)) return 'Private page (this tab has no key to read it)';
  return shortHash(hash);
}

function HeldPageRow({ hash }: { hash: string }) {
  const { relay } = useRealtime();
  const { data } = usePage(hash);
  const key = useRememberedKey(hash) ?? null;
  const opened = useOpenedPage(hash, data, key);
  const isPrivate = data !== undefined && isSealedPage(data);
  return (
    <li className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="held-page">
      <div className="flex min-w-0 flex-col gap-1">
        <Link href={pagePath(hash, key)} className="truncate font-medium text-sky-700 hover:underline dark:text-sky-400">
          {heldPageName(hash, data, opened.data)}
        </Link>
        <code className="text-xs text-slate-500 dark:text-slate-400">
          {isPrivate ? 'private · ' : ''}
          {shortHash(hash)}
        </code>
      </div>
      <div className="flex items-center gap-4">
        <HealthMeter hash={hash} compact />
        <button
          type="button"
          onClick={() => relay?.stop(hash)}
          className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          aria-label={`Stop keeping page ${shortHash(hash)} alive`}
        >
          Stop
        </button>
      </div>
    </li>
  );
}

/** Every page this tab keeps alive, with its health and a way to let go of it. */
export function HeldPagesList() {
  const held = useHeldPages();
  if (held.length === 0) return null;
  return (
    <section aria-labelledby="held-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="held-heading" className="text-lg font-semibold">
        Pages you are keeping alive
      </h2>
      <p className="text-sm text-slate-500 dark:text-slate-400">This tab serves these pages to anyone who opens their links, for as long as it stays open.</p>
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {held.map((hash) => (
          <HeldPageRow key={hash} hash={hash} />
        ))}
      </ul>
    </section>
  );
}
