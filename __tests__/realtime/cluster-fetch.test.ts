/**
 * @jest-environment node
 */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import pino from 'pino';
import type { RequestAnswer } from '@/lib/protocol';
import { openFetchChannel, type FetchFailure } from '@/realtime/cluster/cluster-fetch';
import { decodeFrame, encodeFrame } from '@/realtime/cluster/frame';
import { page } from '../helpers/realtime';

const PAGE = page('a page fetched from one node by another');
const LIMIT = 1000;

/**
 * Two fake ioredis clients: `pub` records what is published and has a stream
 * whose queued bytes a test sets; `sub` delivers messages as ioredis does.
 */
function channelWith(options: { listeners?: number } = {}) {
  const stream = Object.assign(new EventEmitter(), { writableLength: 0 });
  const published: { channel: string; frame: Buffer }[] = [];
  const pub = {
    stream,
    publish: jest.fn((channel: string, frame: Buffer) => {
      published.push({ channel, frame });
      return Promise.resolve(options.listeners ?? 1);
    }),
  };
  const sub = Object.assign(new EventEmitter(), { subscribe: jest.fn(() => Promise.resolve(1)) });
  const failures: FetchFailure[] = [];
  const served: { hash: string; answer: (reply: RequestAnswer) => void }[] = [];
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const channel = openFetchChannel({
    nodeId: 'me',
    pub: pub as unknown as Redis,
    sub: sub as unknown as Redis,
    connected: () => true,
    requestTimeoutMs: 3000,
    backlogLimit: LIMIT,
    log,
    failed: (reason) => failures.push(reason),
    serve: (hash, answer) => served.push({ hash, answer }),
  });
  const deliver = (to: string, header: object, body?: Uint8Array) =>
    sub.emit('messageBuffer', Buffer.from(`ephemeral-p2p:node:${to}`), encodeFrame(header, body));
  return { channel, stream, published, sub, failures, served, lines, deliver };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('asking', () => {
  test('the want goes to the one node asked, and only its answer on this node’s channel settles it', async () => {
    const net = channelWith();
    const answers: RequestAnswer[] = [];
    net.channel.fetch('n2', PAGE.hash, (a) => answers.push(a));
    expect(net.published.map((p) => p.channel)).toEqual(['ephemeral-p2p:node:n2']);
    const want = decodeFrame(net.published[0].frame)!.header as { id: number };
    expect(want).toEqual({ kind: 'want', id: want.id, from: 'me', hash: PAGE.hash });

    net.deliver('other', { kind: 'page', id: want.id, ok: true }, PAGE.bytes);
    expect(answers).toEqual([]);
    net.deliver('me', { kind: 'page', id: want.id, ok: true }, PAGE.bytes);
    expect(answers).toHaveLength(1);
    expect(Buffer.from((answers[0] as { bytes: Uint8Array }).bytes).equals(PAGE.bytes)).toBe(true);
    await Promise.resolve();
    expect(jest.getTimerCount()).toBe(0);
  });

  test('unanswered within the request timeout: one log line without bytes, counted, answered { ok: false }', () => {
    const net = channelWith();
    const answers: RequestAnswer[] = [];
    net.channel.fetch('frozen', PAGE.hash, (a) => answers.push(a));
    jest.advanceTimersByTime(2999);
    expect(answers).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(answers).toEqual([{ ok: false }]);
    expect(net.failures).toEqual(['timeout']);
    expect(net.lines).toHaveLength(1);
    expect(JSON.parse(net.lines[0])).toMatchObject({
      msg: 'cross-node fetch timed out',
      node: 'frozen',
      page: PAGE.hash.slice(0, 12),
    });
    // A late answer is dropped.
    net.deliver('me', { kind: 'page', id: 1, ok: true }, PAGE.bytes);
    expect(answers).toHaveLength(1);
  });

  test('a node nobody listens for fails at once; a node without the page answers not_found', async () => {
    const gone = channelWith({ listeners: 0 });
    const answers: RequestAnswer[] = [];
    gone.channel.fetch('gone', PAGE.hash, (a) => answers.push(a));
    await Promise.resolve();
    expect(answers).toEqual([{ ok: false }]);
    expect(gone.failures).toEqual(['unreachable']);

    const net = channelWith();
    net.channel.fetch('n2', PAGE.hash, (a) => answers.push(a));
    net.deliver('me', { kind: 'page', id: 1, ok: false });
    expect(net.failures).toEqual(['not_found']);
  });

  test('close() clears every pending timer', () => {
    const net = channelWith();
    net.channel.fetch('n2', PAGE.hash, () => {});
    net.channel.fetch('n3', PAGE.hash, () => {});
    expect(jest.getTimerCount()).toBe(2);
    net.channel.close();
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('answering', () => {
  test('the page goes back, binary, to the asker’s channel only', () => {
    const net = channelWith();
    net.deliver('me', { kind: 'want', id: 7, from: 'asker', hash: PAGE.hash });
    expect(net.served.map((s) => s.hash)).toEqual([PAGE.hash]);
    net.served[0].answer({ ok: true, bytes: PAGE.bytes });
    expect(net.published).toHaveLength(1);
    expect(net.published[0].channel).toBe('ephemeral-p2p:node:asker');
    const answer = decodeFrame(net.published[0].frame)!;
    expect(answer.header).toEqual({ kind: 'page', id: 7, ok: true });
    expect(answer.body.equals(PAGE.bytes)).toBe(true);
  });

  test('while the publish connection is behind, fetches wait for it to drain; those older than the timeout are dropped', () => {
    const net = channelWith();
    net.stream.writableLength = LIMIT + 1;
    net.deliver('me', { kind: 'want', id: 1, from: 'asker', hash: PAGE.hash });
    jest.advanceTimersByTime(2000);
    net.deliver('me', { kind: 'want', id: 2, from: 'asker', hash: PAGE.hash });
    expect(net.served).toHaveLength(0);

    jest.advanceTimersByTime(1001);
    net.stream.writableLength = 0;
    net.stream.emit('drain');
    expect(net.served).toHaveLength(1);
    net.served[0].answer({ ok: false });
    expect(decodeFrame(net.published[0].frame)!.header).toMatchObject({ id: 2 });

    // Caught up: served at once again.
    net.deliver('me', { kind: 'want', id: 3, from: 'asker', hash: PAGE.hash });
    expect(net.served).toHaveLength(2);
    expect(net.stream.listenerCount('drain')).toBe(0);
  });

  test('malformed messages are ignored', () => {
    const net = channelWith();
    net.sub.emit('messageBuffer', Buffer.from('ephemeral-p2p:node:me'), Buffer.from('junk'));
    net.deliver('me', { kind: 'want', id: 'x', from: 'asker', hash: PAGE.hash });
    net.deliver('me', { kind: 'want', id: 1, from: 'asker', hash: 'not-a-hash' });
    expect(net.served).toHaveLength(0);
  });
});
