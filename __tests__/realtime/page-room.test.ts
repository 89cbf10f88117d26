/**
 * @jest-environment node
 */
import { createHash } from 'node:crypto';
import { shownHolders } from '@/lib/holder-count';
import type { EvictReason } from '@/lib/protocol';
import { PageRoom, type PageRoomDeps } from '@/realtime/core/page-room';
import type { PageConnection, PageTransport, RelaySettings } from '@/realtime/core/relay-ports';
import { bytesMatchHash } from '@/realtime/core/verify';

const PAGE = Buffer.from('hello, ephemeral world');
const HASH = createHash('sha256').update(PAGE).digest('hex');
const SETTINGS: RelaySettings = {
  pageMaxBytes: 64,
  requestTimeoutMs: 3000,
  hedgeMs: 500,
  holdersIntervalMs: 1000,
  clusterCountsIntervalMs: 250,
};

/** A transport that records what the room asked of the network. */
function recordingTransport() {
  const requests: { holder: string; answer: (reply: unknown) => void }[] = [];
  const deliveries: { visitors: readonly string[]; bytes: Uint8Array }[] = [];
  const counts: number[] = [];
  const audiences: string[][] = [];
  const announced: number[] = [];
  const soles: { holder: string; sole: boolean }[] = [];
  const evictions: { holder: string; reason: EvictReason }[] = [];
  const transport: PageTransport = {
    request: (holder, _hash, answer) => requests.push({ holder, answer }),
    send: (visitors, _hash, bytes) => void deliveries.push({ visitors, bytes }),
    publishHolders: (_hash, holders, audience) => {
      counts.push(holders);
      audiences.push([...audience].sort());
    },
    announceLocal: (_hash, localHolders) => announced.push(localHolders),
    sole: (holder, _hash, sole) => soles.push({ holder, sole }),
    evict: (holder, _hash, reason) => evictions.push({ holder, reason }),
  };
  return { transport, requests, deliveries, counts, audiences, announced, soles, evictions };
}

/**
 * Each visitor's connection as the room reaches it: it takes the bytes unless
 * listed in `declining` (a reader behind on its backlog); one in `gone` has
 * disconnected. Evictions it was told of are recorded in order with the transport's.
 */
function fakeConnections(evictions: { holder: string; reason: EvictReason }[]) {
  const declining = new Set<string>();
  const gone = new Set<string>();
  const told: string[] = [];
  const connection = (peer: string): PageConnection | undefined =>
    gone.has(peer)
      ? undefined
      : {
          accept: () => !declining.has(peer),
          evicted: () => void told.push(`${peer} after ${evictions.length} transport evictions`),
        };
  return { connection, declining, gone, told };
}

function makeRoom(settings: Partial<RelaySettings> = {}, deps: Partial<PageRoomDeps> = {}) {
  const net = recordingTransport();
  const connections = fakeConnections(net.evictions);
  const remote = new Map<string, number>();
  const onIdle = jest.fn();
  const stats = {
    requestSent: jest.fn(),
    relayed: jest.fn(),
    served: jest.fn(),
    verificationFailed: jest.fn(),
    timedOut: jest.fn(),
    evicted: jest.fn(),
  };
  const room = new PageRoom(HASH, {
    transport: net.transport,
    settings: { ...SETTINGS, ...settings },
    stats,
    verify: bytesMatchHash,
    onIdle,
    remoteHolders: () => remote,
    shownHolders,
    connection: connections.connection,
    now: () => Date.now(),
    ...deps,
  });
  return { room, net, onIdle, stats, remote, connections };
}

const served = (visitors: string[]) => visitors.slice().sort();

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('coalescing', () => {
  test('fifty visitors of a page cost one holder request and get the page once each', () => {
    const { room, net } = makeRoom();
    for (let i = 0; i < 200; i++) room.have(`h${i}`);
    const visitors = Array.from({ length: 50 }, (_, i) => `v${i}`);
    for (const v of visitors) room.want(v);

    expect(net.requests).toHaveLength(1);
    net.requests[0].answer({ ok: true, bytes: PAGE });

    expect(net.deliveries).toHaveLength(1);
    expect(served([...net.deliveries[0].visitors])).toEqual(served(visitors));
    expect(room.visitorCount).toBe(0);
    expect(room.outstandingRequests).toBe(0);
  });

  test('requests rotate over holders instead of always asking the first', () => {
    const { room, net } = makeRoom();
    ['a', 'b', 'c'].forEach((h) => room.have(h));
    for (let i = 0; i < 3; i++) {
      room.want(`v${i}`);
      net.requests[i].answer({ ok: true, bytes: PAGE });
    }
    expect(new Set(net.requests.map((r) => r.holder))).toEqual(new Set(['a', 'b', 'c']));
  });
});

describe('want to content', () => {
  test("each visitor's wait from its want to its content is reported with the page's route", () => {
    const { room, net, remote, stats } = makeRoom({ hedgeMs: 10_000 });
    room.have('h');
    room.want('v1');
    jest.advanceTimersByTime(40);
    room.want('v2');
    jest.advanceTimersByTime(10);
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(stats.served).toHaveBeenLastCalledWith([50, 10], 'local');

    room.leave('h');
    remote.set('n2', 1);
    room.want('v3');
    jest.advanceTimersByTime(7);
    net.requests[1].answer({ ok: true, bytes: PAGE });
    expect(stats.served).toHaveBeenLastCalledWith([7], 'cross_node');
  });
});

describe('hedging', () => {
  test('a second holder is asked after HEDGE_MS, the first verified answer wins, the late one is dropped', () => {
    const { room, net } = makeRoom();
    room.have('slow');
    room.have('fast');
    room.want('v');
    expect(net.requests).toHaveLength(1);

    jest.advanceTimersByTime(499);
    expect(net.requests).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(net.requests).toHaveLength(2);
    expect(new Set(net.requests.map((r) => r.holder))).toEqual(new Set(['slow', 'fast']));

    net.requests[1].answer({ ok: true, bytes: PAGE });
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries).toHaveLength(1);

    jest.advanceTimersByTime(10_000);
    expect(net.requests).toHaveLength(2);
    expect(net.evictions).toEqual([]);
  });

  test('never more than two requests are outstanding', () => {
    const { room, net } = makeRoom();
    for (let i = 0; i < 10; i++) room.have(`h${i}`);
    room.want('v');
    jest.advanceTimersByTime(2999);
    expect(net.requests).toHaveLength(2);
    expect(room.outstandingRequests).toBe(2);
  });
});

describe('verification', () => {
  test.each([
    ['wrong bytes of the right length', { ok: true, bytes: Buffer.alloc(PAGE.length, 1) }, 'bad_bytes'],
    ['oversize bytes', { ok: true, bytes: Buffer.alloc(65) }, 'too_large'],
    ['a string instead of bytes', { ok: true, bytes: PAGE.toString() }, 'bad_bytes'],
    ['an ack of the wrong shape', { bytes: PAGE }, 'bad_bytes'],
    ['no object at all', 42, 'bad_bytes'],
    ['null', null, 'bad_bytes'],
  ])('a holder answering %s is evicted and the next holder asked at once', (_what, reply, reason) => {
    const { room, net, stats } = makeRoom();
    room.have('liar');
    room.have('honest');
    room.want('v');
    expect(net.requests[0].holder).toBe('liar');

    net.requests[0].answer(reply);
    expect(net.evictions).toEqual([{ holder: 'liar', reason }]);
    expect(stats.verificationFailed).toHaveBeenCalledTimes(1);
    expect(net.deliveries).toHaveLength(0);
    expect(net.requests).toHaveLength(2);
    expect(net.requests[1].holder).toBe('honest');
    expect(room.holderCount).toBe(1);

    net.requests[1].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries).toHaveLength(1);
    expect(Buffer.from(net.deliveries[0].bytes).equals(PAGE)).toBe(true);
  });

  test('an evicted holder is gone from the page entirely: no holder, no visitor, nothing waits on it', () => {
    const { room, net, onIdle } = makeRoom();
    room.have('liar');
    room.want('v');
    net.requests[0].answer({ ok: true, bytes: Buffer.from('lies') });
    expect(net.evictions).toEqual([{ holder: 'liar', reason: 'bad_bytes' }]);
    expect(room.holderCount).toBe(0);
    room.leave('v');
    jest.advanceTimersByTime(2000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  test('a holder answering { ok: false } is dropped without eviction and the next one asked', () => {
    const { room, net } = makeRoom();
    room.have('gone');
    room.have('here');
    room.want('v');
    net.requests[0].answer({ ok: false });
    expect(net.evictions).toEqual([]);
    expect(room.holderCount).toBe(1);
    expect(net.requests[1].holder).toBe('here');
  });
});

describe('roles', () => {
  test("a holder's want changes nothing: it is never its own visitor, and a visitor is still served", () => {
    const { room, net } = makeRoom();
    room.have('h');
    room.want('h');
    expect(room.visitorCount).toBe(0);
    expect(net.requests).toHaveLength(0);
    room.want('v');
    expect(net.requests.map((r) => r.holder)).toEqual(['h']);
  });

  test('forty holders that also want cannot keep a visitor from the holder that answers', () => {
    const { room, net } = makeRoom({ hedgeMs: 10_000 });
    room.have('honest');
    for (let i = 0; i < 40; i++) {
      room.have(`sly${i}`);
      room.want(`sly${i}`);
    }
    room.want('v');
    // Each sly holder stays silent until its timeout; the honest one is reached.
    for (let i = 0; i < 41 && net.deliveries.length === 0; i++) {
      const last = net.requests[net.requests.length - 1];
      if (last.holder === 'honest') last.answer({ ok: true, bytes: PAGE });
      else jest.advanceTimersByTime(3000);
    }
    expect(net.deliveries.map((d) => d.visitors)).toEqual([['v']]);
  });

  test('the hedge goes to a holder that has served the page before', () => {
    const { room, net } = makeRoom();
    room.have('proven');
    room.want('v0');
    net.requests[0].answer({ ok: true, bytes: PAGE });
    for (let i = 0; i < 20; i++) room.have(`silent${i}`);
    // Rotation would reach the proven holder last; the hedge goes to it first.
    room.want('v1');
    expect(net.requests[1].holder).not.toBe('proven');
    jest.advanceTimersByTime(500);
    expect(net.requests[2].holder).toBe('proven');
    net.requests[2].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries[1].visitors).toEqual(['v1']);
  });
});

describe('timeouts and departures', () => {
  test('a silent holder is skipped after REQUEST_TIMEOUT_MS and evicted', () => {
    const { room, net, stats } = makeRoom({ hedgeMs: 10_000 });
    room.have('silent');
    room.have('other');
    room.want('v');
    jest.advanceTimersByTime(2999);
    expect(net.requests).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(stats.timedOut).toHaveBeenCalledTimes(1);
    expect(net.evictions).toEqual([{ holder: 'silent', reason: 'timeout' }]);
    expect(net.requests.map((r) => r.holder)).toEqual(['silent', 'other']);
  });

  test('an asked holder that leaves is replaced at once, before the hedge', () => {
    const { room, net } = makeRoom();
    room.have('leaving');
    room.have('staying');
    room.want('v');
    room.leave('leaving');
    expect(net.requests.map((r) => r.holder)).toEqual(['leaving', 'staying']);
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries).toHaveLength(0);
    net.requests[1].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries).toHaveLength(1);
  });

  test('when every visitor leaves, the outstanding request runs on: a want that follows joins it, and an answer for nobody goes nowhere', () => {
    const { room, net } = makeRoom();
    room.have('h');
    room.want('v');
    room.leave('v');
    room.want('v');
    expect(net.requests).toHaveLength(1);
    room.leave('v');
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries).toHaveLength(0);
    expect(room.outstandingRequests).toBe(0);
  });
});

describe('waiting room', () => {
  test('a visitor of a page without holders waits, and a new holder is asked the moment it announces', () => {
    const { room, net } = makeRoom();
    room.want('v1');
    room.want('v2');
    jest.advanceTimersByTime(60_000);
    expect(net.requests).toHaveLength(0);
    room.have('h');
    expect(net.requests.map((r) => r.holder)).toEqual(['h']);
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(served([...net.deliveries[0].visitors])).toEqual(['v1', 'v2']);
  });

  test('after the last liar is evicted, visitors wait for the next holder', () => {
    const { room, net } = makeRoom();
    room.have('liar');
    room.want('v');
    net.requests[0].answer({ ok: true, bytes: Buffer.from('nope') });
    expect(room.visitorCount).toBe(1);
    room.have('honest');
    net.requests[1].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries[0].visitors).toEqual(['v']);
  });
});

describe('holder counts', () => {
  test('the first change goes out at once, then one per interval, and the last change is not lost', () => {
    const { room, net } = makeRoom();
    room.have('a');
    room.watch('a', true);
    room.have('b');
    expect(net.counts).toEqual([2]);
    for (let i = 0; i < 500; i++) room.have(`h${i}`);
    room.leave('h0');
    expect(net.counts).toEqual([2]);
    jest.advanceTimersByTime(1000);
    expect(net.counts).toEqual([2, 501]);
    jest.advanceTimersByTime(5000);
    expect(net.counts).toEqual([2, 501]);
    room.leave('b');
    expect(net.counts).toEqual([2, 501, 500]);
  });

  test('joining again is idempotent and costs no broadcast', () => {
    const { room, net } = makeRoom();
    room.have('a');
    room.watch('a', true);
    room.have('b');
    jest.advanceTimersByTime(1000);
    room.have('b');
    jest.advanceTimersByTime(1000);
    expect(net.counts).toEqual([2]);
    expect(room.holderCount).toBe(2);
  });
});

describe('who gets counts', () => {
  test('holders that do not watch get none; a watcher gets every change; a waiting visitor gets them unasked', () => {
    const { room, net } = makeRoom();
    for (const h of ['a', 'b', 'c']) room.have(h);
    jest.advanceTimersByTime(5000);
    expect(net.counts).toEqual([]);

    expect(room.watch('b', true)).toBe(true);
    room.want('v');
    room.have('d');
    expect(net.counts).toEqual([4]);
    expect(net.audiences).toEqual([['b', 'v']]);

    room.watch('b', false);
    room.leave('v');
    room.have('e');
    jest.advanceTimersByTime(5000);
    expect(net.counts).toEqual([4]);
  });

  test('only a holder or a visitor may watch; leaving or being dropped stops the watching', () => {
    const { room, net } = makeRoom();
    expect(room.watch('stranger', true)).toBe(false);
    room.have('a');
    room.have('w');
    room.watch('w', true);
    room.leave('w');
    room.have('w');
    room.have('b');
    jest.advanceTimersByTime(5000);
    expect(net.counts).toEqual([]);
    expect(room.audienceSize).toBe(0);
  });

  test('a visitor that watches keeps getting counts once it holds the page', () => {
    const { room, net } = makeRoom();
    room.have('a');
    room.want('v');
    room.watch('v', true);
    net.requests[0].answer({ ok: true, bytes: PAGE });
    room.have('v');
    expect(room.audienceSize).toBe(1);
    jest.advanceTimersByTime(1000);
    room.have('b');
    expect(net.audiences[net.audiences.length - 1]).toEqual(['v']);
    expect(net.counts[net.counts.length - 1]).toBe(3);
  });
});

describe('shown value', () => {
  test('past a thousand holders a count goes out only when the rounded figure changes', () => {
    const { room, net } = makeRoom();
    for (let i = 0; i < 1200; i++) room.have(`h${i}`);
    room.watch('h0', true);
    for (let i = 1200; i < 1299; i++) {
      room.have(`h${i}`);
      jest.advanceTimersByTime(1000);
    }
    // 1,200 to 1,299 all show as "1.2k": ninety-nine joins over ninety-nine seconds, no message.
    expect(net.counts).toEqual([]);
    room.have('h1299');
    expect(net.counts).toEqual([1300]);
  });

  test('a watcher that joins while a change is pending gets the last change even if the figure comes back', () => {
    const { room, net } = makeRoom();
    room.have('a');
    room.watch('a', true);
    room.have('b');
    expect(net.counts).toEqual([2]);
    room.have('w');
    // w learns 3 from its ack while a was last sent 2; then the count is back to 2.
    room.watch('w', true);
    room.leave('b');
    jest.advanceTimersByTime(1000);
    expect(net.counts).toEqual([2, 2]);
    expect(net.audiences[1]).toEqual(['a', 'w']);
  });

  test('no more than one count per interval, whatever the churn', () => {
    const { room, net } = makeRoom();
    for (let i = 0; i < 50; i++) room.have(`h${i}`);
    room.watch('h0', true);
    for (let t = 0; t < 10_000; t += 20) {
      room.have(`j${t}`);
      room.leave(`j${t - 20}`);
      room.leave(`h${(t / 20) % 50 === 0 ? 1 : 2}`);
      jest.advanceTimersByTime(20);
    }
    expect(net.counts.length).toBeLessThanOrEqual(11);
  });
});

describe('only holder', () => {
  test('a holder is told when it becomes the only one and when it stops being, once each', () => {
    const { room, net } = makeRoom();
    room.have('a');
    expect(net.soles).toEqual([{ holder: 'a', sole: true }]);
    room.have('b');
    room.have('c');
    room.leave('b');
    expect(net.soles).toEqual([
      { holder: 'a', sole: true },
      { holder: 'a', sole: false },
    ]);
    room.leave('a');
    expect(net.soles[2]).toEqual({ holder: 'c', sole: true });
    room.leave('c');
    expect(net.soles).toHaveLength(3);
  });

  test('holders on other nodes count: a holder here is not alone while another node holds the page', () => {
    const { room, net, remote } = makeRoom();
    remote.set('n2', 1);
    room.have('a');
    expect(net.soles).toEqual([]);
    remote.set('n2', 0);
    room.remoteChanged();
    expect(net.soles).toEqual([{ holder: 'a', sole: true }]);
  });
});

describe('gossip to other nodes', () => {
  test('this node reports its own raw count on its own cadence, whoever watches, and not for remote changes', () => {
    const { room, net, remote } = makeRoom();
    room.have('a');
    expect(net.announced).toEqual([1]);
    for (let i = 0; i < 1200; i++) room.have(`h${i}`);
    jest.advanceTimersByTime(250);
    expect(net.announced).toEqual([1, 1201]);
    room.have('x');
    jest.advanceTimersByTime(250);
    expect(net.announced).toEqual([1, 1201, 1202]);
    remote.set('n2', 5);
    room.remoteChanged();
    jest.advanceTimersByTime(1000);
    expect(net.announced).toEqual([1, 1201, 1202]);
  });
});

describe('cleanup', () => {
  test('a page nobody holds or wants leaves no timer and reports itself idle once the other nodes know', () => {
    const { room, net, onIdle } = makeRoom();
    room.have('a');
    room.have('b');
    room.want('v');
    room.leave('v');
    room.leave('a');
    room.leave('b');
    expect(onIdle).not.toHaveBeenCalled();
    jest.advanceTimersByTime(250);
    expect(net.announced[net.announced.length - 1]).toBe(0);
    jest.advanceTimersByTime(250);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('other nodes', () => {
  test('a local holder is asked before a node that holds the page', () => {
    const { room, net, remote } = makeRoom();
    remote.set('n2', 40);
    room.have('local');
    room.want('v');
    expect(net.requests.map((r) => r.holder)).toEqual(['local']);
    expect(room.holderCount).toBe(41);
  });

  test('with no local holder a node is asked; a node that fails is skipped, not evicted', () => {
    const { room, net, remote } = makeRoom();
    remote.set('n2', 1);
    remote.set('n3', 2);
    room.want('v');
    expect(net.requests.map((r) => r.holder)).toEqual(['@node:n2']);
    net.requests[0].answer({ ok: false });
    expect(net.requests.map((r) => r.holder)).toEqual(['@node:n2', '@node:n3']);
    net.requests[1].answer({ ok: true, bytes: Buffer.from('forged') });
    expect(net.evictions).toEqual([]);
    expect(room.visitorCount).toBe(1);
    expect(net.requests).toHaveLength(2);

    // News from a node (a new count, or its state after an outage) makes it worth asking again.
    room.remoteChanged();
    expect(net.requests).toHaveLength(3);
  });

  test('a visitor waiting for a page held nowhere is served once another node announces a holder', () => {
    const { room, net, remote } = makeRoom();
    room.want('v');
    expect(net.requests).toHaveLength(0);
    remote.set('n2', 1);
    room.remoteChanged();
    expect(net.requests.map((r) => r.holder)).toEqual(['@node:n2']);
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries[0].visitors).toEqual(['v']);
  });

  test('fetches from other nodes join the local request: one holder request serves them all', () => {
    const { room, net } = makeRoom();
    room.have('h');
    const answers: unknown[] = [];
    room.want('v');
    room.fetchForNode((a) => answers.push(a));
    room.fetchForNode((a) => answers.push(a));
    expect(net.requests).toHaveLength(1);
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(answers).toEqual([
      { ok: true, bytes: PAGE },
      { ok: true, bytes: PAGE },
    ]);
    expect(net.deliveries[0].visitors).toEqual(['v']);
  });

  test('a fetch from another node is refused at once when no holder is here, never passed on', () => {
    const { room, net, remote } = makeRoom();
    remote.set('n3', 5);
    const answers: unknown[] = [];
    room.fetchForNode((a) => answers.push(a));
    expect(answers).toEqual([{ ok: false }]);
    expect(net.requests).toHaveLength(0);
  });

  test('a node that does not answer within HEDGE_MS is hedged with another node that holds the page', () => {
    const { room, net, remote } = makeRoom();
    remote.set('frozen', 1);
    remote.set('n3', 1);
    room.want('v');
    expect(net.requests.map((r) => r.holder)).toEqual(['@node:frozen']);
    jest.advanceTimersByTime(499);
    expect(net.requests).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(net.requests.map((r) => r.holder)).toEqual(['@node:frozen', '@node:n3']);
    net.requests[1].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries[0].visitors).toEqual(['v']);
    // The frozen node's answer, when it comes, is dropped; and nothing is left to time out.
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a node that failed one visitor is asked again for the next one, without waiting for news from it', () => {
    const { room, net, remote } = makeRoom();
    remote.set('n2', 1);
    room.want('v1');
    jest.advanceTimersByTime(3000);
    expect(net.requests.map((r) => r.holder)).toEqual(['@node:n2']);

    room.want('v2');
    expect(net.requests.map((r) => r.holder)).toEqual(['@node:n2', '@node:n2']);
    net.requests[1].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries[0].visitors).toEqual(['v1', 'v2']);
  });

  test('a visitor still waiting after every node failed is retried a request timeout later, until served', () => {
    const { room, net, remote, onIdle } = makeRoom();
    remote.set('n2', 1);
    room.want('v');
    net.requests[0].answer({ ok: false });
    // One retry timer per room, however often the visitor asks again meanwhile.
    room.want('v');
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(2999);
    expect(net.requests).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(net.requests).toHaveLength(2);

    jest.advanceTimersByTime(3000); // timed out
    expect(net.requests).toHaveLength(2);
    jest.advanceTimersByTime(3000);
    expect(net.requests).toHaveLength(3);
    net.requests[2].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries[0].visitors).toEqual(['v']);
    expect(onIdle).toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  test('the retry timer is cleared when the waiting visitor leaves, and on dispose', () => {
    const { room, remote } = makeRoom();
    remote.set('n2', 1);
    room.want('v');
    jest.advanceTimersByTime(3000);
    expect(jest.getTimerCount()).toBe(1);
    room.leave('v');
    expect(jest.getTimerCount()).toBe(0);

    const other = makeRoom();
    other.remote.set('n2', 1);
    other.room.want('v');
    other.net.requests[0].answer({ ok: false });
    expect(jest.getTimerCount()).toBe(1);
    other.room.dispose();
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a fetch whose last local holder fails is refused, not passed on to a third node', () => {
    const { room, net, remote } = makeRoom();
    remote.set('n3', 5);
    room.have('liar');
    const answers: unknown[] = [];
    room.fetchForNode((a) => answers.push(a));
    net.requests[0].answer({ ok: true, bytes: Buffer.from('x') });
    expect(answers).toEqual([{ ok: false }]);
    expect(net.requests.map((r) => r.holder)).toEqual(['liar']);
  });
});

describe('delivery', () => {
  test("each visitor's connection decides: one that does not take the bytes now, or is gone, is neither sent them nor counted", () => {
    const { room, net, stats, connections } = makeRoom();
    room.have('h');
    for (const v of ['v1', 'behind', 'gone']) room.want(v);
    connections.declining.add('behind');
    connections.gone.add('gone');
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries.map((d) => d.visitors)).toEqual([['v1']]);
    expect(stats.relayed).toHaveBeenCalledWith(PAGE.length, 1);
    expect(stats.served).toHaveBeenCalledWith([0], 'local');
    // The one behind waits in its connection now (deferred), not in the page: it will want again once it reads.
    expect(room.visitorCount).toBe(0);
  });

  test('when no visitor takes the bytes nothing is sent and nothing is counted; other nodes are still answered', () => {
    const { room, net, stats, connections } = makeRoom();
    room.have('h');
    room.want('behind');
    connections.declining.add('behind');
    const answers: unknown[] = [];
    room.fetchForNode((a) => answers.push(a));
    net.requests[0].answer({ ok: true, bytes: PAGE });
    expect(net.deliveries).toEqual([]);
    expect(stats.relayed).not.toHaveBeenCalled();
    expect(stats.served).not.toHaveBeenCalled();
    expect(answers).toEqual([{ ok: true, bytes: PAGE }]);
  });

  test("an evicted holder's own bookkeeping learns of it before the transport tells it", () => {
    const { room, net, connections } = makeRoom();
    room.have('liar');
    room.want('v');
    net.requests[0].answer({ ok: true, bytes: Buffer.from('lies') });
    expect(connections.told).toEqual(['liar after 0 transport evictions']);
    expect(net.evictions).toEqual([{ holder: 'liar', reason: 'bad_bytes' }]);
  });
});

describe('the rounding rule is the one passed in', () => {
  test('a count goes out only when the figure the given rule shows changes', () => {
    const { room, net } = makeRoom({}, { shownHolders: (holders) => String(Math.floor(holders / 10)) });
    room.have('a');
    room.watch('a', true);
    for (let i = 2; i <= 9; i++) room.have(`h${i}`);
    jest.advanceTimersByTime(5000);
    expect(net.counts).toEqual([]);
    room.have('h10');
    expect(net.counts).toEqual([10]);
  });
});
