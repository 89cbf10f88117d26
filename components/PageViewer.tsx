'use client';

import { isSealedPage, PrivatePageError } from '../lib/client/private-page';
import { HealthMeter } from './HealthMeter';
import { useLinkKey } from './link-key';
import { PageContent } from './PageContent';
import { useRealtime } from './RealtimeProvider';
import { ShareLink } from './ShareLink';
import {
  useConnectionState,
  useHeldPages,
  useHolders,
  useOpenedPage,
  usePage,
  usePageNotice,
  useRememberedKey,
} from './realtime-hooks';

function StatusCard({ tone, title, children }: { tone: 'wait' | 'ok' | 'bad'; title: string; children?: React.ReactNode }) {
  const toneClass = {
    wait: 'border-sky-200 bg-sky-50 dark:border-sky-900 dark:bg-sky-950',
    ok: 'border-emerald-200 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950',
    bad: 'border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950',
  }[tone];
  return (
    <div role="status" aria-live="polite" data-testid="page-status" className={`rounded-lg border p-4 ${toneClass}`}>
      <p className="font-semibold">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-700 dark:text-slate-300">{children}</div>}
    </div>
  );
}

/** What is happening while the page is on its way, in words. */
function WaitingStatus({ hash }: { hash: string }) {
  const connection = useConnectionState();
  const holders = useHolders(hash);
  if (connection !== 'connected') {
    return <StatusCard tone="wait" title="Connecting to the relay…">The page will be asked for as soon as the connection is up.</StatusCard>;
  }
  if (holders === undefined) return <StatusCard tone="wait" title="Asking for the page…" />;
  if (holders === 0) {
    return (
      <StatusCard tone="bad" title="Nobody is holding this page right now">
        Every tab that held it has closed, or it never existed. Keep this tab open: if a holder comes back, the page
        will appear here by itself.
      </StatusCard>
    );
  }
  return (
    <StatusCard tone="wait" title={`Asking ${holders} ${holders === 1 ? 'holder' : 'holders'} for the page…`}>
      The page will be checked against its address before it is shown.
    </StatusCard>
  );
}

function HoldingStatus({ hash, received }: { hash: string; received: boolean }) {
  const { relay } = useRealtime();
  const held = useHeldPages().includes(hash);
  const notice = usePageNotice(hash);
  return (
    <>
      {notice && (
        <StatusCard tone="bad" title="Something went wrong with this page">
          {notice}
        </StatusCard>
      )}
      {held ? (
        <StatusCard
          tone="ok"
          title={`${received ? 'Received and verified' : 'Verified'}. This tab now holds the page and is helping to keep it alive.`}
        >
          Its content matches its address. While this tab stays open, anyone with the link can get the page from it.
        </StatusCard>
      ) : (
        <StatusCard tone="wait" title="This tab is not holding this page">
          You can still read it here, but nobody can get it from this tab.{' '}
          <button type="button" onClick={() => relay?.holdAgain(hash)} className="font-semibold text-sky-700 underline dark:text-sky-400">
            Keep it alive again
          </button>
        </StatusCard>
      )}
    </>
  );
}

/** Which kind of page this is, and what that means for who can read it. */
function PageKind({ isPrivate }: { isPrivate: boolean }) {
  return isPrivate ? (
    <p data-testid="page-kind" className="text-sm text-slate-600 dark:text-slate-300">
      <span className="mr-2 rounded-full bg-violet-100 px-2 py-0.5 text-xs font-semibold text-violet-800 dark:bg-violet-950 dark:text-violet-200">
        Private
      </span>
      Encrypted in the browser: the relay sees only ciphertext. Only the full link, key included, opens it.
    </p>
  ) : (
    <p data-testid="page-kind" className="text-sm text-slate-600 dark:text-slate-300">
      <span className="mr-2 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-700 dark:bg-slate-800 dark:text-slate-200">
        Public
      </span>
      Not encrypted: the relay can read it, and anyone who has the same text can find it.
    </p>
  );
}

/**
 * A verified page, opened: whether this tab holds it, then its text and its
 * link; or, first and foremost, why it cannot be read.
 */
function OpenedPage({ hash, bytes, linkKey, received }: { hash: string; bytes: Uint8Array; linkKey: string | null; received: boolean }) {
  const opened = useOpenedPage(hash, bytes, linkKey);
  const holding = <HoldingStatus hash={hash} received={received} />;
  if (opened.error) {
    const { title, detail } = opened.error instanceof PrivatePageError ? opened.error : { title: 'This page cannot be read', detail: opened.error.message };
    return (
      <>
        <StatusCard tone="bad" title={title}>
          {detail}
        </StatusCard>
        {holding}
      </>
    );
  }
  return (
    <>
      {holding}
      {opened.data ? (
        <>
          <PageContent bytes={opened.data} />
          <ShareLink hash={hash} linkKey={linkKey} />
        </>
      ) : (
        <StatusCard tone="wait" title="Decrypting the page…" />
      )}
    </>
  );
}

/** Private when the verified bytes say so; before they arrive, when the link carries a key. Null while unknown. */
function pageKind(bytes: Uint8Array | undefined, linkKey: string | null): 'private' | 'public' | null {
  if (bytes) return isSealedPage(bytes) ? 'private' : 'public';
  return linkKey ? 'private' : null;
}

const HEADINGS = { private: 'Private page', public: 'Public page' };

/** The page at `/<hash>`: its state, its health, its link and, once verified, its content. */
export function PageViewer({ hash }: { hash: string }) {
  const page = usePage(hash);
  // The link's own key comes first; a key this tab already used for the page covers links without one.
  const fragmentKey = useLinkKey();
  const rememberedKey = useRememberedKey(hash);
  const linkKey = fragmentKey ?? rememberedKey ?? null;
  const kind = pageKind(page.data, linkKey);
  return (
    <>
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{kind ? HEADINGS[kind] : 'Page'}</h1>
        <code className="text-xs break-all text-slate-500 dark:text-slate-400" aria-label="Page address">
          {hash}
        </code>
      </div>
      {kind && <PageKind isPrivate={kind === 'private'} />}
      <HealthMeter hash={hash} />
      {page.data ? (
        <OpenedPage hash={hash} bytes={page.data} linkKey={linkKey} received={page.isFetchedAfterMount} />
      ) : page.error ? (
        <StatusCard tone="bad" title="The page could not be fetched">
          {page.error.message}{' '}
          <button type="button" onClick={() => void page.refetch()} className="font-semibold text-sky-700 underline dark:text-sky-400">
            Try again
          </button>
        </StatusCard>
      ) : (
        <WaitingStatus hash={hash} />
      )}
    </>
  );
}
