/**
 * @jest-environment node
 */
import { TokenBucket } from '@/realtime/core/token-bucket';
import { ACKED_REFUSALS, createRateLimit } from '@/realtime/guards/rate-limit';
import type { RealtimeSocket } from '@/realtime/socket-types';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A connection's middleware over a fake socket; `send` runs one event through it. */
function limited(pagesPerConnection = 16, address = new TokenBucket(1_000_000, 10_000)) {
  const rejected: string[] = [];
  const close = jest.fn();
  const socket = { conn: { close, transport: {} } } as unknown as RealtimeSocket;
  const middleware = createRateLimit({
    pagesPerConnection,
    addressBudget: () => address,
    onReject: (e) => rejected.push(e),
  })(socket);
  const send = (event = 'page:have') => {
    const ack = jest.fn();
    const next = jest.fn();
    middleware([event, { hash: 'x' }, ack], next);
    return { ack, passed: next.mock.calls.length > 0 };
  };
  return { send, close, rejected };
}

test('a connection gets max(100, 4 x PAGES_PER_CONNECTION) events per 10 s, refilled evenly', () => {
  const { send } = limited(64);
  for (let i = 0; i < 256; i++) expect(send().passed).toBe(true);
  expect(send().passed).toBe(false);
  jest.advanceTimersByTime(Math.ceil(10_000 / 256));
  expect(send().passed).toBe(true);
  expect(send().passed).toBe(false);
});

test(`the first ${ACKED_REFUSALS} refusals in a row are answered rate_limited, later ones not; far past the budget it is disconnected`, () => {
  const { send, close, rejected } = limited(16);
  for (let i = 0; i < 100; i++) send();
  const acks = Array.from({ length: 200 }, () => send().ack);
  expect(acks.filter((a) => a.mock.calls.length > 0)).toHaveLength(ACKED_REFUSALS);
  expect(acks[0]).toHaveBeenCalledWith(expect.objectContaining({ ok: false, error: 'rate_limited' }));
  expect(close).not.toHaveBeenCalled();
  expect(rejected.every((e) => e === 'rate_limited')).toBe(true);
  send();
  // Closed at once, its queue discarded: a flooder need not read for it to go.
  expect(close).toHaveBeenCalledWith(true);
});

test('connections of one address share its budget', () => {
  const shared = new TokenBucket(150, 10_000);
  const a = limited(16, shared);
  const b = limited(16, shared);
  for (let i = 0; i < 100; i++) expect(a.send().passed).toBe(true);
  for (let i = 0; i < 50; i++) expect(b.send().passed).toBe(true);
  expect(b.send().passed).toBe(false);
  expect(a.send().passed).toBe(false);
});

test('an unknown event is answered bad_request and never reaches a handler', () => {
  const { send, rejected } = limited();
  const { ack, passed } = send('page:steal');
  expect(passed).toBe(false);
  expect(ack).toHaveBeenCalledWith(expect.objectContaining({ ok: false, error: 'bad_request' }));
  expect(rejected).toEqual(['bad_request']);
});
