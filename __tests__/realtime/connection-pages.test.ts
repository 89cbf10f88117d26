/**
 * @jest-environment node
 */
import { createHash } from 'node:crypto';
import { ConnectionPages } from '@/realtime/core/connection-pages';
import { PageDirectory } from '@/realtime/core/page-directory';
import type { PageTransport } from '@/realtime/core/page-room';
import { bytesMatchHash } from '@/realtime/core/verify';

const pageOf = (text: string) => {
  const bytes = Buffer.from(text);
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
};
const PAGE = pageOf('one connection, one role');
const RESEND_AFTER_MS = 10_000;

/** A directory whose transport hands evictions and deliveries back to the connections, as the Socket.IO one does. */
function setup(pagesPerConnection = 4) {
  const requests: { holder: string; answer: (reply: unknown) => void }[] = [];
  const connections = new Map<string, ConnectionPages>();
  const transport: PageTransport = {
    request: (holder, _hash, answer) => requests.push({ holder, answer }),
    deliver: (visitors, hash) => visitors.forEach((v) => connections.get(v)?.served(hash)),
    publishHolders: () => {},
    announceLocal: () => {},
    sole: () => {},
    evict: (holder, hash) => connections.get(holder)?.evicted(hash),
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
    stats: { requestSent() {}, relayed() {}, verificationFailed() {}, timedOut() {}, evicted() {} },
    verify: bytesMatchHash,
    remoteHolders: () => new Map(),
  });
  const connect = (id: string, evictedCode: 'evicted' | 'bad_request' = 'evicted') => {
    const pages = new ConnectionPages(id, {
      directory,
      pagesPerConnection,
      evictedCode,
      resendAfterMs: RESEND_AFTER_MS,
    });
    connections.set(id, pages);
    return pages;
  };
  /** A connection `id` that was sent `p` by a holder `h-<id>`. */
  const sentPage = (id: string, p = PAGE) => {
    connect(`h-${id}`).have(p.hash);
    const reader = connect(id);
    reader.want(p.hash);
    requests[requests.length - 1].answer({ ok: true, bytes: p.bytes });
    return reader;
  };
  return { directory, requests, connect, sentPage };
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
