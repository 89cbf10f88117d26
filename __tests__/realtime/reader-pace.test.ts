/**
 * @jest-environment node
 */
import { CHECK_MS, READ_WATERMARK, ReaderPace } from '@/realtime/core/reader-pace';

const STALLED_READER_MS = 2000;
const PAGE = 4 * 1024 * 1024;
const BACKLOG_LIMIT = 2 * PAGE;

/** A connection with `queued` bytes unread, and wants that wait or not. */
function setup() {
  const conn = { queued: 0, closed: 0, behind: false, resumed: 0, counted: 0, leftUnread: 0 };
  const reader = new ReaderPace(
    { backlog: () => conn.queued, close: () => void conn.closed++ },
    {
      backlogLimit: BACKLOG_LIMIT,
      stalledReaderMs: STALLED_READER_MS,
      onStalled: (backlog) => {
        conn.counted++;
        conn.leftUnread = backlog;
      },
    },
  );
  const wants = {
    get behind() {
      return conn.behind;
    },
    resume: () => {
      conn.resumed++;
      conn.behind = false;
    },
  };
  /** A want of the connection starts to wait (what ConnectionPages does, then tells the reader). */
  const defer = () => {
    conn.behind = true;
    reader.waitFor(wants);
  };
  return { conn, reader, defer };
}

/** A connection with `queued` bytes unread whose want now waits. */
function waiting(queued: number) {
  const net = setup();
  net.conn.queued = queued;
  net.defer();
  return net;
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('a connection keeps up while its backlog is within the watermark', () => {
  const { conn, reader } = setup();
  expect(reader.keepingUp()).toBe(true);
  conn.queued = READ_WATERMARK + 1;
  expect(reader.keepingUp()).toBe(false);
  expect(jest.getTimerCount()).toBe(0);
});

test('serve now or wait: a page is sent now only if the backlog it joins stays within the cap', () => {
  const { conn, reader } = setup();
  expect(reader.takesNow(BACKLOG_LIMIT)).toBe(true);
  expect(reader.takesNow(BACKLOG_LIMIT + 1)).toBe(false);
  conn.queued = BACKLOG_LIMIT - PAGE;
  expect(reader.takesNow(PAGE)).toBe(true);
  conn.queued++;
  expect(reader.takesNow(PAGE)).toBe(false);
  expect(jest.getTimerCount()).toBe(0);
});

test('its waiting wants resume once it has read its backlog, and the timer stops', () => {
  const { conn, defer } = waiting(PAGE);
  defer();
  expect(jest.getTimerCount()).toBe(1);
  jest.advanceTimersByTime(5 * CHECK_MS);
  expect(conn.resumed).toBe(0);
  conn.queued = 1000;
  jest.advanceTimersByTime(CHECK_MS);
  expect(conn.resumed).toBe(1);
  expect(jest.getTimerCount()).toBe(0);
  expect(conn).toMatchObject({ closed: 0, counted: 0 });
});

test('a reader whose backlog shrinks is not stalled, however long it takes', () => {
  const { conn } = waiting(PAGE);
  for (let t = 0; t < 5 * STALLED_READER_MS; t += STALLED_READER_MS / 2) {
    conn.queued -= 64 * 1024;
    jest.advanceTimersByTime(STALLED_READER_MS / 2);
  }
  expect(conn.closed).toBe(0);
  expect(jest.getTimerCount()).toBe(1);
});

test('a reader that reads nothing for STALLED_READER_MS while a want waits is disconnected and counted, once', () => {
  const { conn } = waiting(PAGE);
  jest.advanceTimersByTime(STALLED_READER_MS - CHECK_MS);
  expect(conn.closed).toBe(0);
  jest.advanceTimersByTime(CHECK_MS);
  expect(conn).toMatchObject({ closed: 1, counted: 1, leftUnread: PAGE });
  expect(jest.getTimerCount()).toBe(0);
  expect(conn.resumed).toBe(0);
});

test('nothing waiting any more (its wants were left) stops the timer without resuming or closing', () => {
  const { conn } = waiting(PAGE);
  conn.behind = false;
  jest.advanceTimersByTime(10 * STALLED_READER_MS);
  expect(jest.getTimerCount()).toBe(0);
  expect(conn).toMatchObject({ closed: 0, resumed: 0 });
});

test('dispose (disconnect) clears the timer', () => {
  const { reader } = waiting(PAGE);
  reader.dispose();
  expect(jest.getTimerCount()).toBe(0);
});
