/**
 * @jest-environment node
 */
import { createHash } from 'node:crypto';
import { shownHolders } from '@/lib/holder-count';
import { ConnectionPages } from '@/realtime/core/connection-pages';
import { PageDirectory } from '@/realtime/core/page-directory';
import { CHECK_MS, READ_WATERMARK } from '@/realtime/core/reader-pace';
import type { PageTransport } from '@/realtime/core/relay-ports';
import { bytesMatchHash } from '@/realtime/core/verify';

const pageOf = (text: string) => {
  const bytes = Buffer.from(text);
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
};
const PAGE = pageOf('one connection, one role');
const RESEND_AFTER_MS = 10_000;
const BACKLOG_LIMIT = 2048;
const STALLED_READER_MS = 2000;

/** A connection's far end as the glue reads it: what it has not read yet, and whether it was closed. */
interface FakeReader {
  backlog: number;
  closed: number;
}

/** A backlog of a reader that is not reading: past the watermark, and past the cap for any page. */
const BEHIND = READ_WATERMARK + 1;

/**
 * A directory of connections over a transport that only records what it is
 * told to send: which visitors got each page is the connections' decision.
 */
function setup(pagesPerConnection = 4) {
  const requests: { holder: string; hash: string; answer: (reply: unknown) => void }[] = [];
  const sent: { visitors: readonly string[]; hash: string }[] = [];
  const readers = new Map<string, FakeReader>();
  const transport: PageTransport = {
    request: (holder, hash, answer) => requests.push({ holder, hash, answer }),
    send: (visitors, hash) => void sent.push({ visitors, hash }),
    publishHolders: () => {},
    announceLocal: () => {},
    sole: () => {},
    evict: () => {},
  };
  const directory = new PageDirectory({
    transport,
    settings: {
      pageMaxBytes: 1024,
      requestTimeoutMs: 3000,
      hedgeMs: 500,
      holdersIntervalMs: 1000,
      clusterCountsIntervalMs: 250,
    },
    stats: { requestSent() {}, relayed() {}, served() {}, verificationFailed() {}, timedOut() {}, evicted() {} },
    verify: bytesMatchHash,
    remoteHolders: () => new Map(),
    shownHolders,
    now: () => Date.now(),
  });
  const connect = (id: string, evictedCode: 'evicted' | 'bad_request' = 'evicted') => {
    const reader: FakeReader = { backlog: 0, closed: 0 };
    readers.set(id, reader);
    return new ConnectionPages(id, {
      directory,
      pagesPerConnection,
      evictedCode,
      resendAfterMs: RESEND_AFTER_MS,
      reader: { backlog: () => reader.backlog, close: () => void reader.closed++ },
      pace: { backlogLimit: BACKLOG_LIMIT, stalledReaderMs: STALLED_READER_MS, onStalled: () => {} },
    });
  };
  /** The fake far end of connection `id`. */
  const readerOf = (id: string) => readers.get(id)!;
  /** A connection `id` that was sent `p` by a holder `h-<id>`. */
  const sentPage = (id: string, p = PAGE) => {
    connect(`h-${id}`).have(p.hash);
    const reader = connect(id);
    reader.want(p.hash);
    requests[requests.length - 1].answer({ ok: true, bytes: p.bytes });
    return reader;
  };
  return { directory, requests, sent, connect, sentPage, readerOf };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test("a holder's want is acknowledged with the count and changes nothing", () => {
  const { directory, connect, requests } = setup();
  const holder = connect('h');
  expect(holder.have(PAGE.hash)).toEqual({ ok: true, holders: 1 });
  expect(holder.want(PAGE.hash)).toEqual({ ok: true, holders: 1 });
  expect(holder.roleIn(PAGE.hash)).toBe('holder');
  expect(directory.find(PAGE.hash)?.visitorCount).toBe(0);
  expect(requests).toHaveLength(0);
});

test('a visitor that announces the page becomes its holder; only a leave turns a holder back into a visitor', () => {
  const { directory, connect } = setup();
  const tab = connect('t');
  tab.want(PAGE.hash);
  tab.have(PAGE.hash);
  expect(tab.roleIn(PAGE.hash)).toBe('holder');
  expect(directory.find(PAGE.hash)?.visitorCount).toBe(0);
  tab.leave(PAGE.hash);
  tab.want(PAGE.hash);
  expect(tab.roleIn(PAGE.hash)).toBe('visitor');
});

test('a served visitor is not sent the page again, even after leaving it, until the resend window is over', () => {
  const { sentPage, requests } = setup();
  const visitor = sentPage('v');
  expect(visitor.roleIn(PAGE.hash)).toBe('served');
  expect(visitor.want(PAGE.hash)).toEqual({ ok: true, holders: 1 });
  visitor.leave(PAGE.hash);
  expect(visitor.want(PAGE.hash)).toEqual({
    ok: false,
    error: 'rate_limited',
    message: 'this connection was sent this page moments ago; it may ask for it again in 10 s',
  });
  jest.advanceTimersByTime(RESEND_AFTER_MS - 1500);
  expect(visitor.want(PAGE.hash)).toMatchObject({ ok: false, message: expect.stringMatching(/again in 2 s$/) });
  expect(requests).toHaveLength(1);
  expect(visitor.roleIn(PAGE.hash)).toBeUndefined();
  jest.advanceTimersByTime(1500);
  expect(visitor.want(PAGE.hash)).toEqual({ ok: true, holders: 1 });
  expect(requests).toHaveLength(2);
});

test('holding a page it was sent, and letting it go, does not make it free to ask for again', () => {
  const { sentPage, requests } = setup();
  const tab = sentPage('t');
  // What the app does with a page it read: leave as its visitor, announce it as its holder.
  tab.leave(PAGE.hash);
  expect(tab.have(PAGE.hash)).toEqual({ ok: true, holders: 2 });
  tab.leave(PAGE.hash);
  expect(tab.want(PAGE.hash)).toMatchObject({ ok: false, error: 'rate_limited' });
  // "Hold it again": bytes it has are announced, not asked for.
  expect(tab.have(PAGE.hash)).toEqual({ ok: true, holders: 2 });
  expect(requests).toHaveLength(1);
});

test('pages a connection was sent and left do not count against its page limit; it remembers as many as the limit', () => {
  const { connect, requests } = setup(2);
  const reader = connect('r');
  const pages = [pageOf('a'), pageOf('b'), pageOf('c')];
  for (const p of pages) {
    connect(`h-${p.hash}`).have(p.hash);
    expect(reader.want(p.hash)).toMatchObject({ ok: true });
    requests[requests.length - 1].answer({ ok: true, bytes: p.bytes });
    reader.leave(p.hash);
  }
  // The oldest is forgotten: one more copy of it is the most forgetting costs.
  expect(reader.want(pages[0].hash)).toMatchObject({ ok: true });
  expect(reader.want(pages[2].hash)).toMatchObject({ ok: false, error: 'rate_limited' });
  expect(requests).toHaveLength(4);
});

test('an evicted holder that also wanted leaves nothing behind, and is refused the page until it reconnects', () => {
  const { directory, connect, requests } = setup();
  const liar = connect('liar');
  liar.want(PAGE.hash);
  liar.have(PAGE.hash);
  liar.watch(PAGE.hash, true);
  connect('v').want(PAGE.hash);
  requests[0].answer({ ok: true, bytes: Buffer.from('lies') });
  expect(liar.roleIn(PAGE.hash)).toBeUndefined();
  // Dropped from the page, it no longer gets its counts; the waiting visitor still does.
  expect(directory.find(PAGE.hash)?.audienceSize).toBe(1);
  expect(liar.have(PAGE.hash)).toMatchObject({ ok: false, error: 'evicted' });
  liar.leave(PAGE.hash);
  expect(liar.have(PAGE.hash)).toMatchObject({ ok: false, error: 'evicted' });
  expect(directory.find(PAGE.hash)?.visitorCount).toBe(1);
});

test('a v1 connection is refused with bad_request, the code v1 knows', () => {
  const { connect, requests } = setup();
  const liar = connect('liar', 'bad_request');
  liar.have(PAGE.hash);
  connect('v').want(PAGE.hash);
  requests[0].answer({ ok: true, bytes: Buffer.from('lies') });
  expect(liar.have(PAGE.hash)).toMatchObject({ ok: false, error: 'bad_request' });
});

test('pages evicted from count against the page limit, so a liar cannot grow its record', () => {
  const { connect, requests } = setup(2);
  const liar = connect('liar');
  const pages = [pageOf('a'), pageOf('b'), pageOf('c')];
  for (const p of pages.slice(0, 2)) {
    liar.have(p.hash);
    connect(`v-${p.hash}`).want(p.hash);
    requests[requests.length - 1].answer({ ok: true, bytes: Buffer.from('lies') });
  }
  expect(liar.have(pages[2].hash)).toMatchObject({ ok: false, error: 'too_many_pages' });
});

test('dispose leaves every page: a connection that held and wanted sixteen pages leaves no page state', () => {
  const { directory, connect } = setup(16);
  const gone = connect('gone');
  for (let i = 0; i < 16; i++) {
    const p = pageOf(`page ${i}`);
    if (i % 2) gone.want(p.hash);
    gone.have(p.hash);
  }
  expect(directory.size).toBe(16);
  gone.dispose();
  jest.advanceTimersByTime(2000);
  expect(directory.size).toBe(0);
});

test('only a holder or a visitor may watch a page; stopping always succeeds', () => {
  const { connect } = setup();
  const tab = connect('t');
  expect(tab.watch(PAGE.hash, true)).toMatchObject({ ok: false, error: 'bad_request' });
  expect(tab.watch(PAGE.hash, false)).toEqual({ ok: true, holders: 0 });
  tab.have(PAGE.hash);
  expect(tab.watch(PAGE.hash, true)).toEqual({ ok: true, holders: 1 });
  expect(tab.watch(PAGE.hash, false)).toEqual({ ok: true, holders: 1 });
});

describe('a connection behind on what it was sent', () => {
  test('its want is acknowledged with the count but asks no holder until it reads; resume() registers it', () => {
    const { directory, connect, requests, readerOf } = setup();
    connect('h').have(PAGE.hash);
    const slow = connect('slow');
    readerOf('slow').backlog = BEHIND;
    expect(slow.want(PAGE.hash)).toEqual({ ok: true, holders: 1 });
    expect(slow.want(PAGE.hash)).toEqual({ ok: true, holders: 1 });
    expect(slow.roleIn(PAGE.hash)).toBe('deferred');
    expect(slow.behind).toBe(true);
    expect(directory.find(PAGE.hash)?.visitorCount).toBe(0);
    expect(requests).toHaveLength(0);

    readerOf('slow').backlog = 0;
    slow.resume();
    expect(slow.roleIn(PAGE.hash)).toBe('visitor');
    expect(slow.behind).toBe(false);
    expect(requests).toHaveLength(1);
    requests[0].answer({ ok: true, bytes: PAGE.bytes });
    expect(slow.roleIn(PAGE.hash)).toBe('served');
  });

  test('a page for it that would pass its cap waits: its want is asked again, once, after it reads', () => {
    const { connect, requests, readerOf } = setup();
    connect('h').have(PAGE.hash);
    const slow = connect('slow');
    expect(slow.want(PAGE.hash)).toEqual({ ok: true, holders: 1 });
    readerOf('slow').backlog = BEHIND;
    requests[0].answer({ ok: true, bytes: PAGE.bytes });
    expect(slow.roleIn(PAGE.hash)).toBe('deferred');
    expect(slow.behind).toBe(true);

    readerOf('slow').backlog = 0;
    slow.resume();
    expect(requests).toHaveLength(2);
    requests[1].answer({ ok: true, bytes: PAGE.bytes });
    expect(slow.roleIn(PAGE.hash)).toBe('served');
  });

  test('the delivery decision: bytes that keep its backlog within the cap are sent now; one byte more and the want waits', () => {
    const { connect, requests, sent, readerOf } = setup();
    connect('h').have(PAGE.hash);
    const edge = connect('edge');
    const over = connect('over');
    edge.want(PAGE.hash);
    over.want(PAGE.hash);
    readerOf('edge').backlog = BACKLOG_LIMIT - PAGE.bytes.length;
    readerOf('over').backlog = BACKLOG_LIMIT - PAGE.bytes.length + 1;
    requests[0].answer({ ok: true, bytes: PAGE.bytes });
    expect(sent).toEqual([{ visitors: ['edge'], hash: PAGE.hash }]);
    expect(edge.roleIn(PAGE.hash)).toBe('served');
    expect(over.roleIn(PAGE.hash)).toBe('deferred');
  });

  test('a want that waits is asked again by itself once the reader reads its backlog, then sent; a reader that never reads is closed', () => {
    const { connect, requests, sent, readerOf } = setup();
    connect('h').have(PAGE.hash);
    const slow = connect('slow');
    readerOf('slow').backlog = BEHIND;
    slow.want(PAGE.hash);
    jest.advanceTimersByTime(5 * CHECK_MS);
    expect(requests).toHaveLength(0);
    readerOf('slow').backlog = 0;
    jest.advanceTimersByTime(CHECK_MS);
    expect(requests).toHaveLength(1);
    requests[0].answer({ ok: true, bytes: PAGE.bytes });
    expect(sent.map((s) => s.visitors)).toEqual([['slow']]);

    const stalled = connect('stalled');
    readerOf('stalled').backlog = BEHIND;
    stalled.want(pageOf('other').hash);
    jest.advanceTimersByTime(STALLED_READER_MS);
    expect(readerOf('stalled').closed).toBe(1);
  });

  test('a deferred want it leaves is forgotten: resume() asks for nothing, and no page state is left', () => {
    const { directory, connect, requests, readerOf } = setup();
    const slow = connect('slow');
    readerOf('slow').backlog = BEHIND;
    slow.want(PAGE.hash);
    slow.leave(PAGE.hash);
    expect(slow.roleIn(PAGE.hash)).toBeUndefined();
    expect(slow.behind).toBe(false);
    slow.resume();
    expect(requests).toHaveLength(0);
    expect(directory.size).toBe(0);
  });

  test('deferred wants count against the page limit, and a page it was sent moments ago is still refused', () => {
    const { connect, sentPage, readerOf } = setup(2);
    const slow = sentPage('slow');
    slow.leave(PAGE.hash);
    readerOf('slow').backlog = BEHIND;
    expect(slow.want(PAGE.hash)).toMatchObject({ ok: false, error: 'rate_limited' });
    slow.want(pageOf('a').hash);
    slow.want(pageOf('b').hash);
    expect(slow.want(pageOf('c').hash)).toMatchObject({ ok: false, error: 'too_many_pages' });
    expect(connect('other').want(pageOf('c').hash)).toMatchObject({ ok: true });
  });

  test('announcing a page it waits for makes it a holder; watching it is acknowledged with the count', () => {
    const { directory, connect, readerOf } = setup();
    const slow = connect('slow');
    readerOf('slow').backlog = BEHIND;
    slow.want(PAGE.hash);
    expect(slow.watch(PAGE.hash, true)).toEqual({ ok: true, holders: 0 });
    expect(slow.have(PAGE.hash)).toEqual({ ok: true, holders: 1 });
    expect(slow.roleIn(PAGE.hash)).toBe('holder');
    expect(slow.behind).toBe(false);
    slow.resume();
    expect(directory.find(PAGE.hash)?.visitorCount).toBe(0);
  });

  test('dispose forgets its deferred wants and leaves no page state', () => {
    const { directory, connect, requests, readerOf } = setup(16);
    connect('h').have(PAGE.hash);
    const gone = connect('gone');
    gone.want(pageOf('asked').hash);
    readerOf('gone').backlog = BEHIND;
    for (let i = 0; i < 8; i++) gone.want(pageOf(`page ${i}`).hash);
    gone.want(PAGE.hash);
    gone.dispose();
    expect(gone.behind).toBe(false);
    // Its reader's poll is gone with it: only the page's own timers are left.
    jest.advanceTimersByTime(60_000);
    expect(jest.getTimerCount()).toBe(0);
    gone.resume();
    expect(requests).toHaveLength(0);
    jest.advanceTimersByTime(3000);
    expect(directory.size).toBe(1);
    expect(directory.find(PAGE.hash)?.visitorCount).toBe(0);
  });
});
