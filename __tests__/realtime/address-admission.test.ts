/**
 * @jest-environment node
 */
import { EventEmitter } from 'node:events';
import { createAddressAdmission } from '@/realtime/address-admission';
import type { RealtimeSocket } from '@/realtime/socket-types';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const LIMITS = { trustProxyHeader: 'fly-client-ip', connections: 2, events: 100, evictions: 2 };

/** A handshaking socket from `address` (through the proxy header); `close()` ends its connection. */
function socketFrom(address: string) {
  const conn = new EventEmitter();
  const socket = {
    handshake: { address: '10.0.0.1', headers: { 'fly-client-ip': address } },
    data: {},
    conn,
  } as unknown as RealtimeSocket;
  return { socket, close: () => conn.emit('close') };
}

function admit(admission: ReturnType<typeof createAddressAdmission>, address: string) {
  const s = socketFrom(address);
  let refused: unknown;
  admission.middleware(s.socket, (err) => (refused = err && (err as { data?: unknown }).data));
  return { ...s, refused };
}

test('connections are counted per address and given back when they close', () => {
  const admission = createAddressAdmission(LIMITS);
  const a = admit(admission, '203.0.113.1');
  admit(admission, '203.0.113.1');
  expect(admit(admission, '203.0.113.1').refused).toMatchObject({ code: 'too_many_connections' });
  expect(admit(admission, '198.51.100.2').refused).toBeUndefined();
  a.close();
  expect(admit(admission, '203.0.113.1').refused).toBeUndefined();
  admission.close();
});

test('an address past its eviction budget is refused until the budget refills', () => {
  const admission = createAddressAdmission(LIMITS);
  const liar = admit(admission, '203.0.113.9');
  expect(admission.evicted(liar.socket)).toBe(true);
  expect(admission.evicted(liar.socket)).toBe(true);
  expect(admission.evicted(liar.socket)).toBe(false);
  liar.close();
  expect(admit(admission, '203.0.113.9').refused).toMatchObject({ code: 'too_many_connections' });
  jest.advanceTimersByTime(30_000);
  expect(admit(admission, '203.0.113.9').refused).toBeUndefined();
  admission.close();
});

test('an address with no connection and full budgets is forgotten; close() stops the sweep', () => {
  const admission = createAddressAdmission(LIMITS);
  const spent = admit(admission, '203.0.113.5');
  const quiet = admit(admission, '198.51.100.7');
  jest.advanceTimersByTime(30_000);
  admission.evicted(spent.socket);
  admission.evicted(spent.socket);
  spent.close();
  quiet.close();
  jest.advanceTimersByTime(30_000);
  // The quiet address is forgotten; the one still refilling its eviction budget is not, yet.
  expect(admission.size).toBe(1);
  jest.advanceTimersByTime(60_000);
  expect(admission.size).toBe(0);
  admission.close();
  expect(jest.getTimerCount()).toBe(0);
});
