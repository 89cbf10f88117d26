'use client';

import type { ReactNode } from 'react';
import { pageName } from '../lib/client/page-name';
import { isSealedPage, PrivatePageError } from '../lib/client/private-page';
import { useAnnouncement } from './Announcer';
import { HOLDING_HEADING_ID, PAGE_HEADING_ID, useFocusOnArrival } from './focus';
import { HealthMeter } from './HealthMeter';
import { useLinkKey } from './link-key';
import { PageContent } from './PageContent';
import { useRealtime } from './RealtimeProvider';
import { ShareLink } from './ShareLink';
import {
  useConnectionState,
  useConnectionStatus,
  useHeldPages,
  useHolders,
  useHoldStatus,
  useOpenedPage,
  usePage,
  usePageNotice,
  useRememberedKey,
} from './realtime-hooks';

type Tone = 'wait' | 'ok' | 'bad';

const TONES: Record<Tone, string> = {
  wait: 'border-sky-200 bg-sky-50 dark:border-sky-900 dark:bg-sky-950',
  ok: 'border-emerald-200 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950',
  bad: 'border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950',
};

interface StatusCardProps {
  tone: Tone;
  title: string;
  /** Makes the title a target for focus (after Stop). */
  headingId?: string;
  /** Said once through the live region when the card appears, for news that arrives without focus moving. */
  announcement?: string;
  children?: ReactNode;
}

/** A card saying where the page stands; its title is a heading. */
function StatusCard({ tone, title, headingId, announcement, children }: StatusCardProps) {
  useAnnouncement(announcement ?? null);
  return (
    <div data-testid="page-status" data-tone={tone} className={`rounded-lg border p-4 ${TONES[tone]}`}>
      <h2 id={headingId} tabIndex={headingId ? -1 : undefined} className="font-semibold focus:outline-none">
        {title}
      </h2>
      {children && <div className="mt-1 text-sm text-slate-700 dark:text-slate-300">{children}</div>}
    </div>
  );
}

const CANNOT_READ = 'The page arrived, but it cannot be read with this link.';

const LINK_BUTTON =
  'inline-flex min-h-11 items-center font-semibold text-sky-700 underline sm:min-h-0 dark:text-sky-400';

/** What is happening while the page is on its way, in words. */
function WaitingStatus({ hash }: { hash: string }) {
  const connection = useConnectionStatus().state;
  const holders = useHolders(hash);
  if (connection === 'refused') {
    return (
      <StatusCard tone="bad" title="The relay refused this tab">
        The page cannot be asked for here (see the message at the top).
      </StatusCard>
    );
  }
  if (connection !== 'connected') {
    const title = connection === 'connecting' ? 'Connecting to the relay…' : 'Waiting for the relay…';
    return (
      <StatusCard tone="wait" title={title}>
        The page will be asked for as soon as the connection is up.
      </StatusCard>
    );
  }
  if (holders === undefined) return <StatusCard tone="wait" title="Asking for the page…" />;
  if (holders === 0) {
    return (
      <StatusCard
        tone="bad"
        title="Nobody is holding this page right now"
        announcement="No tab holds this page now. It will appear here by itself if a holder comes back."
      >
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

/** Whether this tab holds the page, and what that means; `problem` is why it cannot be read here, if it cannot. */
function HoldingStatus({
  hash,
  received,
  problem,
}: {
  hash: string;
  received: boolean;
  problem?: { title: string; detail: string };
}) {
  const { relay } = useRealtime();
  const held = useHeldPages().includes(hash);
  // "Holding" only once the relay has accepted this tab's page:have.
  const accepted = useHoldStatus(hash)?.state === 'holding';
  const connected = useConnectionState() === 'connected';
  const holders = useHolders(hash);
  const notice = usePageNotice(hash);
  useFocusOnArrival(HOLDING_HEADING_ID);
  const holdAgain = (label: string) => (
    <button type="button" onClick={() => void relay?.holdAgain(hash)} className={LINK_BUTTON}>
      {label}
    </button>
  );
  const notYet = connected
    ? 'It is being offered to the relay; nobody can get it from this tab until the relay accepts it.'
    : 'This tab is not connected to the relay (the message at the top says why), so nobody can get the page from it yet. It will be offered as soon as a connection is up.';
  let card: ReactNode;
  if (problem && held) {
    // One card for a private page this tab cannot read: why, and what its copy does.
    card = (
      <StatusCard tone="bad" title={problem.title} headingId={HOLDING_HEADING_ID} announcement={CANNOT_READ}>
        <p>{problem.detail}</p>
        <p className="mt-1">
          {accepted
            ? 'This tab cannot read the page, but it holds its encrypted bytes and counts as one of its holders: while it stays open, anyone with the full link can still open the page through it.'
            : `This tab cannot read the page, but it has its encrypted bytes. ${notYet}`}
        </p>
      </StatusCard>
    );
  } else if (problem) {
    card = (
      <StatusCard tone="bad" title={problem.title} headingId={HOLDING_HEADING_ID} announcement={CANNOT_READ}>
        <p>{problem.detail}</p>
      </StatusCard>
    );
  } else if (held && accepted) {
    card = (
      <StatusCard
        tone="ok"
        headingId={HOLDING_HEADING_ID}
        title={`${received ? 'Received and verified' : 'Verified'}. This tab now holds the page and is helping to keep it alive.`}
        announcement={received ? 'The page arrived and matches its address. This tab holds it now.' : undefined}
      >
        Its content matches its address. While this tab stays open, anyone with the link can get the page from it.
      </StatusCard>
    );
  } else if (held) {
    card = (
      <StatusCard
        tone={connected ? 'wait' : 'bad'}
        headingId={HOLDING_HEADING_ID}
        title={`${received ? 'Received and verified' : 'Verified'}, but not shared yet`}
      >
        {notYet}
      </StatusCard>
    );
  } else if (holders === 0) {
    card = (
      <StatusCard tone="bad" title="This page is gone" headingId={HOLDING_HEADING_ID}>
        No tab holds it any more, so its link opens nothing. You can still read it here. {holdAgain('Hold it again')} to
        bring it back at the same address.
      </StatusCard>
    );
  } else {
    card = (
      <StatusCard tone="wait" title="This tab is not holding this page" headingId={HOLDING_HEADING_ID}>
        You can still read it here, but nobody can get it from this tab. {holdAgain('Keep it alive again')}
      </StatusCard>
    );
  }
  return (
    <>
      {notice && (
        <StatusCard tone="bad" title="Something went wrong with this page">
          {notice}
        </StatusCard>
      )}
      {card}
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
function OpenedPage({
  hash,
  bytes,
  linkKey,
  received,
}: {
  hash: string;
  bytes: Uint8Array;
  linkKey: string | null;
  received: boolean;
}) {
  const opened = useOpenedPage(hash, bytes, linkKey);
  const held = useHeldPages().includes(hash);
  const holders = useHolders(hash);
  if (opened.error) {
    const problem =
      opened.error instanceof PrivatePageError
        ? opened.error
        : { title: 'This page cannot be read', detail: opened.error.message };
    return <HoldingStatus hash={hash} received={received} problem={problem} />;
  }
  // A page nobody holds any more has no link worth passing on.
  const gone = !held && holders === 0;
  return (
    <>
      <HoldingStatus hash={hash} received={received} />
      {opened.data ? (
        <>
          <PageContent hash={hash} bytes={opened.data} />
          {!gone && <ShareLink hash={hash} linkKey={linkKey} />}
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

/**
 * The tab's title: the page's name (a public page's first line, "Private page"
 * otherwise) and its holder count, so several holding tabs can be told apart.
 * React puts the element in the document's head.
 */
function DocumentTitle({
  bytes,
  kind,
  holders,
}: {
  bytes: Uint8Array | undefined;
  kind: 'private' | 'public' | null;
  holders: number | undefined;
}) {
  const name = bytes ? pageName(bytes) : kind === 'private' ? 'Private page' : 'Page';
  const count = holders === undefined ? '' : ` · ${holders} ${holders === 1 ? 'holder' : 'holders'}`;
  return <title>{`${name}${count} · Ephemeral P2P`}</title>;
}

/** The page at `/<hash>`: its state, its health, its link and, once verified, its content. */
export function PageViewer({ hash }: { hash: string }) {
  const page = usePage(hash);
  // The link's own key comes first; a key this tab already used for the page covers links without one.
  const fragmentKey = useLinkKey();
  const rememberedKey = useRememberedKey(hash);
  const linkKey = fragmentKey ?? rememberedKey ?? null;
  const kind = pageKind(page.data, linkKey);
  const holders = useHolders(hash);
  useFocusOnArrival(PAGE_HEADING_ID);
  return (
    <>
      <DocumentTitle bytes={page.data} kind={kind} holders={holders} />
      <div className="flex flex-col gap-1">
        <h1 id={PAGE_HEADING_ID} tabIndex={-1} className="text-2xl font-semibold tracking-tight focus:outline-none">
          {kind ? HEADINGS[kind] : 'Page'}
        </h1>
        <p className="text-xs break-all text-slate-600 dark:text-slate-400">
          <span className="sr-only">Page address: </span>
          <code>{hash}</code>
        </p>
      </div>
      {kind && <PageKind isPrivate={kind === 'private'} />}
      <HealthMeter hash={hash} />
      {page.data ? (
        <OpenedPage hash={hash} bytes={page.data} linkKey={linkKey} received={page.isFetchedAfterMount} />
      ) : page.error ? (
        <StatusCard tone="bad" title="The page could not be fetched">
          {page.error.message}{' '}
          <button type="button" onClick={() => void page.refetch()} className={LINK_BUTTON}>
            Try again
          </button>
        </StatusCard>
      ) : (
        <WaitingStatus hash={hash} />
      )}
    </>
  );
}
