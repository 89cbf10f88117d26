/**
 * @jest-environment node
 */
import { createAddressAdmission } from '@/realtime/guards/address-admission';
import { addressKey, clientAddress } from '@/realtime/guards/client-address';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const LIMITS = { connections: 2, events: 100, evictions: 2 };

test('transports are counted per address and given back when they close (once)', () => {
  const admission = createAddressAdmission(LIMITS);
  const release = admission.open('203.0.113.1');
  admission.open('203.0.113.1');
  expect(admission.refusalFor('203.0.113.1')).toMatchObject({
    code: 'too_many_connections',
    message: expect.stringMatching(/at most 2/),
  });
  expect(admission.refusalFor('198.51.100.2')).toBeUndefined();
  release();
  release();
  expect(admission.refusalFor('203.0.113.1')).toBeUndefined();
  admission.open('203.0.113.1');
  expect(admission.refusalFor('203.0.113.1')).toMatchObject({ code: 'too_many_connections' });
  admission.close();
});

test('an address past its eviction budget is refused until the budget refills', () => {
  const admission = createAddressAdmission(LIMITS);
  const close = admission.open('203.0.113.9');
  expect(admission.evicted('203.0.113.9')).toBe(true);
  expect(admission.evicted('203.0.113.9')).toBe(true);
  expect(admission.evicted('203.0.113.9')).toBe(false);
  close();
  expect(admission.refusalFor('203.0.113.9')).toMatchObject({ code: 'too_many_connections' });
  jest.advanceTimersByTime(30_000);
  expect(admission.refusalFor('203.0.113.9')).toBeUndefined();
  admission.close();
});

test('an address with no connection and full budgets is forgotten; close() stops the sweep', () => {
  const admission = createAddressAdmission(LIMITS);
  const spent = admission.open('203.0.113.5');
  const quiet = admission.open('198.51.100.7');
  jest.advanceTimersByTime(30_000);
  admission.evicted('203.0.113.5');
  admission.evicted('203.0.113.5');
  spent();
  quiet();
  jest.advanceTimersByTime(30_000);
  // The quiet address is forgotten; the one still refilling its eviction budget is not, yet.
  expect(admission.size).toBe(1);
  jest.advanceTimersByTime(60_000);
  expect(admission.size).toBe(0);
  admission.close();
  expect(jest.getTimerCount()).toBe(0);
});

describe('the client address', () => {
  test('an IPv6 address counts as its /64; another /64 is another client', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:0000:0000:0000:0007')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80::/64');
  });

  test('an IPv4 address is itself, mapped into IPv6 or not', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  test('a leading zero in an IPv4 address is octal, as ipaddr.js reads it (not the fast path for dotted quads)', () => {
    expect(addressKey('010.0.0.1')).toBe('8.0.0.1');
  });

  test('anything else is no address', () => {
    for (const raw of ['', 'unknown', '203.0.113.7:443', '2001:db8::1::2', '<script>'])
      expect(addressKey(raw)).toBeUndefined();
  });

  test("the trusted proxy's header when named (its last entry), else the socket's; a header with no address is ignored", () => {
    const from = (remoteAddress: string, header?: string | string[]) => ({
      remoteAddress,
      headers: header === undefined ? {} : { 'fly-client-ip': header },
    });
    expect(clientAddress(from('::ffff:10.0.0.1', '203.0.113.7'), 'fly-client-ip')).toBe('203.0.113.7');
    expect(clientAddress(from('10.0.0.1', '198.51.100.1, 203.0.113.7'), 'fly-client-ip')).toBe('203.0.113.7');
    expect(clientAddress(from('10.0.0.1', ['198.51.100.1', '2001:db8:9:9::5']), 'fly-client-ip')).toBe(
      '2001:db8:9:9::/64',
    );
    expect(clientAddress(from('::ffff:10.0.0.1', 'not an address'), 'fly-client-ip')).toBe('10.0.0.1');
    expect(clientAddress(from('::ffff:10.0.0.1', '203.0.113.7'), undefined)).toBe('10.0.0.1');
  });
});
