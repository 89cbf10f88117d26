/**
 * @jest-environment node
 */
import pino from 'pino';
import { createRefusalLog, FULL_LINES_PER_REASON, SUMMARY_INTERVAL_MS } from '@/realtime/guards/refusal-log';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A logger whose lines are collected as parsed JSON. */
function collected() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { lines, log };
}

test('the first few refusals per reason are logged in full, the rest as one summary per reason and interval', () => {
  const { lines, log } = collected();
  const counted: string[] = [];
  const refusals = createRefusalLog(log, (reason) => counted.push(reason));
  for (let i = 0; i < 300; i++) refusals.refused({ reason: 'origin_refused', origin: `https://evil${i % 3}.example` });
  for (let i = 0; i < 100; i++) refusals.refused({ reason: 'too_many_connections', transport: 'websocket' });
  expect(lines).toHaveLength(2 * FULL_LINES_PER_REASON);
  expect(lines[0]).toMatchObject({ msg: 'handshake refused', code: 'origin_refused', origin: 'https://evil0.example' });

  jest.advanceTimersByTime(SUMMARY_INTERVAL_MS);
  expect(lines).toHaveLength(2 * FULL_LINES_PER_REASON + 2);
  expect(lines.slice(-2)).toEqual([
    expect.objectContaining({
      msg: 'handshake refusals summarised',
      code: 'origin_refused',
      suppressed: 300 - FULL_LINES_PER_REASON,
      origins: { 'https://evil0.example': 98, 'https://evil1.example': 98, 'https://evil2.example': 99 },
    }),
    expect.objectContaining({ code: 'too_many_connections', suppressed: 100 - FULL_LINES_PER_REASON }),
  ]);
  // Every refusal is counted, logged or not (the metric).
  expect(counted).toHaveLength(400);

  // A new interval starts afresh, and a quiet one writes nothing and keeps no timer.
  refusals.refused({ reason: 'origin_refused', origin: 'https://evil0.example' });
  expect(lines.at(-1)).toMatchObject({ msg: 'handshake refused' });
  jest.advanceTimersByTime(SUMMARY_INTERVAL_MS);
  expect(jest.getTimerCount()).toBe(0);
});

test('a long Origin is cut, and close() writes what is pending and leaves no timer', () => {
  const { lines, log } = collected();
  const refusals = createRefusalLog(log);
  for (let i = 0; i < FULL_LINES_PER_REASON + 1; i++)
    refusals.refused({ reason: 'origin_refused', origin: 'x'.repeat(10_000) });
  expect((lines[0].origin as string).length).toBe(200);
  refusals.close();
  expect(lines.at(-1)).toMatchObject({ msg: 'handshake refusals summarised', suppressed: 1 });
  expect(jest.getTimerCount()).toBe(0);
});
