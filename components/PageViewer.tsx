'use client';

import { AppLink } from './app-link';
import { useState, type ReactNode } from 'react';
import { EARLY_TEXT_ID } from '../lib/client/early-text';
import { pageName } from '../lib/client/page-name';
import { pageTitle } from '../lib/client/page-text';
import { isSealedPage, PrivatePageError } from '../lib/client/private-page';
import { useAnnouncement } from './Announcer';
import { HOLDING_HEADING_ID, PAGE_HEADING_ID, useFocusOnArrival } from './focus';
import { HealthMeter } from './HealthMeter';
import { useLinkKey } from './link-key';
import { PageContent } from './PageContent';
import { useRealtime } from './RealtimeProvider';
import { ShareExtras, ShareLink } from './ShareLink';
import {
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
type Kind = 'private' | 'public';

/** A status's mark and colour on its one line: green for verified, red only for what loses or lost the page. */
const TONE_TEXT: Record<Tone, { mark: string; text: string }> = {
  wait: { mark: '', text: 'text-slate-800 dark:text-slate-200' },
  ok: { mark: '✓', text: 'text-emerald-800 dark:text-emerald-300' },
  bad: { mark: '!', text: 'text-red-800 dark:text-red-300' },
};

/** The box around a status whose explanation is shown at once (a dead end, a problem, a page not shared yet). */
const PANEL: Record<Tone, string> = {
  wait: 'border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-900',
  ok: 'border-emerald-200 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950',
  bad: 'border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950',
};

const LINK_BUTTON =
  'inline-flex min-h-11 items-center font-semibold text-sky-700 underline disabled:no-underline disabled:opacity-60 sm:min-h-0 dark:text-sky-400';

const ACTION =
  'inline-flex min-h-11 items-center rounded-md px-4 py-2 text-sm font-semibold focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 focus-visible:outline-none disabled:opacity-60';
const PRIMARY_ACTION = `${ACTION} bg-sky-700 text-white hover:bg-sky-800`;
const SECONDARY_ACTION = `${ACTION} border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;

/** The way out of every dead end: the editor. */
function WriteNewPage({ primary = false }: { primary?: boolean }) {
  return (
    <AppLink href="/" className={primary ? PRIMARY_ACTION : SECONDARY_ACTION}>
      Write a new page
    </AppLink>
  );
}

/** The page's kind as a word on the status line; what it means is in the details. */
function KindChip({ kind }: { kind: Kind }) {
  return kind === 'private' ? (
    <span
      data-testid="page-kind"
      className="rounded-full bg-violet-100 px-2 py-0.5 text-xs font-semibold text-violet-800 dark:bg-violet-950 dark:text-violet-200"
    >
      Private
    </span>
  ) : (
    <span
      data-testid="page-kind"
      className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-700 dark:bg-slate-800 dark:text-slate-200"
    >
      Public
    </span>
  );
}

/** What the page's kind means for who can read it. */
function KindExplained({ kind }: { kind: Kind }) {
  return (
    <p data-testid="page-kind-explained">
      {kind === 'private'
        ? 'Private: encrypted in the browser, so the relay sees only ciphertext. Only the full link, key included, opens it.'
        : 'Public: not encrypted, so the relay can read it, and anyone who has the same text can find it.'}
    </p>
  );
}

interface Status {
  /** For tests and styling: which of the viewer's situations this is. */
  state: string;
  tone: Tone;
  title: string;
  /** The explanation: shown at once when `open`, else behind Details. */
  detail?: ReactNode;
  /** Shown at once, with its explanation: a dead end, a problem, or something the reader must know now. */
  open?: boolean;
  /** Ways forward, always visible. */
  actions?: ReactNode;
  /** Whether the holder count belongs on the line (not for an address nobody is known to have held). */
  meter?: boolean;
  /** Said once through the live region when it appears. */
  announcement?: string;
  /** Makes the title a target for focus (after Stop). */
  headingId?: string;
}

/**
 * The page's one status, on one line near its heading: where it stands, its
 * holder count and its kind, with the details on demand. A dead end or a
 * problem shows its explanation and its ways forward at once.
 */
function StatusLine({
  hash,
  kind,
  status,
  notice,
  stopped = false,
}: {
  hash: string;
  kind: Kind | null;
  status: Status;
  notice?: string | null;
  stopped?: boolean;
}) {
  const [expanded, setExpanded] = useState(false);
  useAnnouncement(status.announcement ?? null);
  const open = status.open || expanded || Boolean(notice);
  const tone = TONE_TEXT[status.tone];
  const detailsId = `status-details-${hash.slice(0, 8)}`;
  return (
    <div data-testid="page-status" data-state={status.state} data-tone={status.tone} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2
          id={status.headingId}
          tabIndex={status.headingId ? -1 : undefined}
          className={`text-sm font-semibold focus:outline-none ${tone.text}`}
        >
          {tone.mark && (
            <span aria-hidden="true" className="mr-1">
              {tone.mark}
            </span>
          )}
          {status.title}
        </h2>
        {status.meter !== false && <HealthMeter hash={hash} stopped={stopped} />}
        {kind && <KindChip kind={kind} />}
        {!status.open && !notice && (
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={expanded ? detailsId : undefined}
            onClick={() => setExpanded(!expanded)}
            className="inline-flex min-h-11 items-center text-sm text-sky-700 underline sm:min-h-0 dark:text-sky-400"
          >
            {expanded ? 'Hide details' : 'Details'}
          </button>
        )}
      </div>
      {open && (
        <div
          id={detailsId}
          className={`flex flex-col gap-1 rounded-lg border p-3 text-sm text-slate-700 dark:text-slate-300 ${PANEL[status.tone]}`}
        >
          {notice && <p className="font-semibold text-red-800 dark:text-red-200">Something went wrong: {notice}</p>}
          {status.detail}
          {kind && !status.open && <KindExplained kind={kind} />}
          {!status.open && (
            <p className="text-xs break-all text-slate-600 dark:text-slate-400">
              Address: <code>{hash}</code>
            </p>
          )}
        </div>
      )}
      {status.actions && <div className="flex flex-wrap items-center gap-2">{status.actions}</div>}
    </div>
  );
}

/** What is happening while the page is on its way, in words. */
function waitingStatus(
  connection: string,
  holders: number | undefined,
  seenAlive: boolean,
  retry: ReactNode | null,
  error: Error | null,
): Status {
  if (error) {
    return {
      state: 'error',
      tone: 'bad',
      open: true,
      title: 'The page could not be fetched',
      detail: <p>{error.message}</p>,
      actions: (
        <>
          {retry}
          <WriteNewPage />
        </>
      ),
    };
  }
  if (connection === 'refused') {
    return {
      state: 'refused',
      tone: 'bad',
      open: true,
      meter: false,
      title: 'The relay refused this tab',
      detail: <p>The page cannot be asked for here (see the message at the top).</p>,
    };
  }
  if (connection !== 'connected') {
    return {
      state: 'connecting',
      tone: 'wait',
      meter: false,
      title: connection === 'connecting' ? 'Connecting to the relay…' : 'Waiting for the relay…',
      detail: <p>The page will be asked for as soon as the connection is up.</p>,
    };
  }
  if (holders === undefined) return { state: 'asking', tone: 'wait', meter: false, title: 'Asking for the page…' };
  if (holders === 0) {
    // Only a page this tab saw held may be called gone: a made-up or mistyped address never had one.
    return seenAlive
      ? {
          state: 'nobody-holding',
          tone: 'bad',
          open: true,
          title: 'The last holder of this page has left',
          announcement: 'No tab holds this page now. It will appear here by itself if a holder comes back.',
          detail: (
            <p>
              Every tab that held it has closed, so it cannot be fetched now. Keep this tab open: if a holder comes
              back, the page will appear here by itself.
            </p>
          ),
          actions: <WriteNewPage primary />,
        }
      : {
          state: 'nobody-holding',
          tone: 'wait',
          open: true,
          meter: false,
          title: 'Nobody is holding a page at this address',
          announcement: 'Nobody holds a page at this address now. It will appear here by itself if someone shares it.',
          detail: (
            <p>
              No tab has held one since you arrived: it may have closed, or the link may be mistyped. Keep this tab
              open: if someone holding it comes online, it will appear here by itself.
            </p>
          ),
          actions: <WriteNewPage primary />,
        };
  }
  return {
    state: 'asking',
    tone: 'wait',
    title: `Asking ${holders} ${holders === 1 ? 'holder' : 'holders'} for the page…`,
    detail: <p>The page will be checked against its address before it is shown.</p>,
  };
}

const CANNOT_READ = 'The page arrived, but it cannot be read with this link.';

/** Where a verified page stands in this tab, worded from the reader's position. */
function useOpenedStatus({
  hash,
  received,
  problem,
}: {
  hash: string;
  received: boolean;
  problem?: { title: string; detail: string };
}): { status: Status; gone: boolean; stopped: boolean; alone: boolean } {
  const { relay } = useRealtime();
  const held = useHeldPages().includes(hash);
  // "Holding" only once the relay has accepted this tab's page:have.
  const accepted = useHoldStatus(hash)?.state === 'holding';
  const connection = useConnectionStatus().state;
  const holders = useHolders(hash);
  // Whether this tab has known the page shared: received from the relay, accepted from here, or counted held.
  const [shared, setShared] = useState(received);
  if (!shared && (accepted || (holders ?? 0) > 0)) setShared(true);
  const holdAgain = (label: string, primary = false) => (
    <button
      type="button"
      onClick={() => void relay?.holdAgain(hash)}
      disabled={!relay}
      className={primary ? PRIMARY_ACTION : LINK_BUTTON}
    >
      {label}
    </button>
  );
  const base = { gone: false, stopped: false, alone: held && accepted && holders === 1 };
  if (problem) {
    // One status for a page this tab cannot read: why, and what its copy does.
    const copy = !held
      ? null
      : accepted
        ? 'This tab cannot read the page, but it holds its encrypted bytes and counts as one of its holders: while it stays open, anyone with the full link can still open the page through it.'
        : 'This tab cannot read the page, but it has its encrypted bytes; it will offer them as soon as the relay accepts it.';
    return {
      ...base,
      alone: false,
      status: {
        state: 'cannot-read',
        tone: 'bad',
        open: true,
        title: problem.title,
        headingId: HOLDING_HEADING_ID,
        announcement: CANNOT_READ,
        detail: (
          <>
            <p>{problem.detail}</p>
            {copy && <p>{copy}</p>}
          </>
        ),
        actions: <WriteNewPage />,
      },
    };
  }
  if (held && accepted) {
    return {
      ...base,
      status: {
        state: 'holding',
        tone: 'ok',
        headingId: HOLDING_HEADING_ID,
        title: 'Verified, held here',
        announcement: received ? 'The page arrived and matches its address. This tab holds it now.' : undefined,
        detail: (
          <p>
            Its content matches its address. This tab holds the page and is helping to keep it alive: while it stays
            open, anyone with the link can get the page from it.
          </p>
        ),
      },
    };
  }
  if (held) {
    // Worded for what this tab knows: a page it once shared (or received) is offered again, never "not shared yet".
    const title =
      connection === 'connected'
        ? shared
          ? 'Safe in this tab, offering it again…'
          : 'Safe in this tab, being shared…'
        : connection === 'refused'
          ? 'Safe in this tab; the relay refuses this tab'
          : 'Safe in this tab; waiting for the relay';
    const when =
      connection === 'connected'
        ? 'It is being offered to the relay now; visitors can get it from this tab as soon as the relay accepts it.'
        : connection === 'refused'
          ? `The relay refuses this tab (the message at the top says why), so nobody can get the page from it ${shared ? 'now. It will be offered again' : 'yet. It will be shared'} as soon as the relay admits this tab.`
          : `The relay cannot be reached right now, so nobody can get the page from this tab ${shared ? 'until it is back. Keep this tab open: it will offer the page again by itself.' : 'yet. Keep this tab open: it will be shared as soon as the relay is back.'}`;
    return {
      ...base,
      status: {
        state: 'not-shared',
        tone: 'wait',
        meter: false,
        headingId: HOLDING_HEADING_ID,
        title,
        detail: <p>{when}</p>,
      },
    };
  }
  if (holders === 0) {
    return {
      ...base,
      gone: true,
      status: {
        state: 'gone',
        tone: 'bad',
        open: true,
        headingId: HOLDING_HEADING_ID,
        title: 'This page is gone',
        detail: (
          <p>
            No tab holds it any more, so its link opens nothing. You can still read it here, and bring it back at the
            same address by holding it again.
          </p>
        ),
        actions: (
          <>
            <WriteNewPage primary />
            {holdAgain('Hold it again')}
          </>
        ),
      },
    };
  }
  return {
    ...base,
    stopped: true,
    status: {
      state: 'stopped',
      tone: 'wait',
      open: true,
      headingId: HOLDING_HEADING_ID,
      title: 'You stopped holding this page',
      detail: (
        <p>
          {holders === undefined
            ? 'You can still read it here, but nobody can get it from this tab.'
            : 'Other tabs still hold it, so its link still works. You can still read it here, but nobody can get it from this tab.'}
        </p>
      ),
      actions: holdAgain('Keep it alive again'),
    },
  };
}

/** Private when the verified bytes say so; before they arrive, when the link carries a key. Null while unknown. */
function pageKind(bytes: Uint8Array | undefined, linkKey: string | null): Kind | null {
  if (bytes) return isSealedPage(bytes) ? 'private' : 'public';
  return linkKey ? 'private' : null;
}

/**
 * The tab's title: the page's name (a public page's title, "Private page"
 * otherwise: a private page's text never reaches history) and its holder
 * count, so several holding tabs can be told apart. React puts the element
 * in the document's head.
 */
function DocumentTitle({
  bytes,
  kind,
  holders,
}: {
  bytes: Uint8Array | undefined;
  kind: Kind | null;
  holders: number | undefined;
}) {
  const name = bytes ? pageName(bytes) : kind === 'private' ? 'Private page' : 'Page';
  const count = holders === undefined ? '' : ` · ${holders} ${holders === 1 ? 'holder' : 'holders'}`;
  return <title>{`${name}${count} · Ephemeral P2P`}</title>;
}

function PageHeading({ children }: { children: ReactNode }) {
  return (
    <h1
      id={PAGE_HEADING_ID}
      tabIndex={-1}
      dir="auto"
      className="text-2xl font-semibold tracking-tight break-words focus:outline-none sm:text-3xl"
    >
      {children}
    </h1>
  );
}

/**
 * A verified page, opened: its title, its one-line status, then its text.
 * The link comes first for the tab that shared it (to pass it on) and after
 * the text for a visitor; a page that cannot be read says why instead.
 */
function OpenedPage({
  hash,
  bytes,
  linkKey,
  received,
  kind,
}: {
  hash: string;
  bytes: Uint8Array;
  linkKey: string | null;
  received: boolean;
  kind: Kind;
}) {
  const opened = useOpenedPage(hash, bytes, linkKey);
  const notice = usePageNotice(hash);
  const problem = opened.error
    ? opened.error instanceof PrivatePageError
      ? opened.error
      : { title: 'This page cannot be read', detail: opened.error.message }
    : undefined;
  const { status, gone, stopped, alone } = useOpenedStatus({ hash, received, problem });
  useFocusOnArrival(HOLDING_HEADING_ID);
  const title = opened.data ? pageTitle(opened.data) : kind === 'private' ? 'Private page' : 'Page';
  const share = !gone && !problem && opened.data;
  return (
    <>
      <div className="flex flex-col gap-2">
        <PageHeading>{title}</PageHeading>
        <StatusLine hash={hash} kind={kind} status={status} notice={notice} stopped={stopped} />
      </div>
      {share && !received && <ShareLink hash={hash} linkKey={linkKey} alone={alone} />}
      {problem ? null : opened.data ? (
        <PageContent hash={hash} bytes={opened.data} />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">Decrypting the page…</p>
      )}
      {share && received && <ShareLink hash={hash} linkKey={linkKey} alone={alone} />}
      {share && <ShareExtras hash={hash} linkKey={linkKey} />}
    </>
  );
}

/**
 * Where the early start shows the verified text before the app runs
 * (lib/client/early-text.ts). Rendered empty and never written into (nor a
 * hydration mismatch, in Next's pages); it goes when the page is shown.
 */
function EarlyText() {
  return <div id={EARLY_TEXT_ID} dangerouslySetInnerHTML={{ __html: '' }} suppressHydrationWarning />;
}

/** The page at `/<hash>`: its title, its status on one line, then the page itself once verified. */
export function PageViewer({ hash }: { hash: string }) {
  const { relay } = useRealtime();
  const page = usePage(hash);
  // The link's own key comes first; a key this tab already used for the page covers links without one.
  const fragmentKey = useLinkKey();
  const rememberedKey = useRememberedKey(hash);
  const linkKey = fragmentKey ?? rememberedKey ?? null;
  const kind = pageKind(page.data, linkKey);
  const holders = useHolders(hash);
  const connection = useConnectionStatus().state;
  // Whether anyone held the page since this tab arrived: only then may "nobody holds it" say it left.
  const [seenAlive, setSeenAlive] = useState(false);
  if (!seenAlive && holders !== undefined && holders > 0) setSeenAlive(true);
  useFocusOnArrival(PAGE_HEADING_ID);
  const retry = (
    <button type="button" onClick={() => void page.refetch()} className={SECONDARY_ACTION}>
      Try again
    </button>
  );
  return (
    <>
      {/* A count only while the relay is there to tell it: an old one is no claim to put in a tab's title. */}
      <DocumentTitle bytes={page.data} kind={kind} holders={connection === 'connected' ? holders : undefined} />
      {page.data && kind ? (
        <OpenedPage
          hash={hash}
          bytes={page.data}
          linkKey={linkKey}
          // Arrived while this view was up, or held before the app started (the early start's want, a reload): not shared from here.
          received={page.isFetchedAfterMount || (relay?.heldBeforeStart(hash) ?? false)}
          kind={kind}
        />
      ) : (
        <>
          <div className="flex flex-col gap-2">
            <PageHeading>{kind === 'private' ? 'Private page' : 'Page'}</PageHeading>
            <StatusLine
              hash={hash}
              kind={kind}
              status={waitingStatus(connection, holders, seenAlive, retry, page.error)}
            />
          </div>
          <EarlyText />
        </>
      )}
    </>
  );
}
