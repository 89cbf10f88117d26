import { readRuntimeConfig } from '../../app/runtime-config';
import { contentSecurityPolicy } from '../../lib/web/csp';
import { formatBytes } from '../../lib/client/format-bytes';
import { realtimeAddress, resolveRealtimeUrl } from '../../lib/web/realtime-url';
import { DEFAULT_PAGE_MAX_BYTES } from '../../lib/limits';

describe('realtime address', () => {
  it('is REALTIME_URL when set', () => {
    expect(realtimeAddress('https://rt.example.com', 'app.example.com', 4000)).toBe('https://rt.example.com');
    expect(resolveRealtimeUrl('https://rt.example.com', { protocol: 'http:' })).toBe('https://rt.example.com');
  });

  it('follows the request host when unset, on the sidecar port, with the page scheme', () => {
    const lan = realtimeAddress('', '192.168.1.5:3000', 4000);
    expect(lan).toBe('//192.168.1.5:4000');
    expect(resolveRealtimeUrl(lan, { protocol: 'http:' })).toBe('http://192.168.1.5:4000');
    expect(resolveRealtimeUrl(realtimeAddress('', '[::1]:3100', 4100), { protocol: 'https:' })).toBe(
      'https://[::1]:4100',
    );
    expect(realtimeAddress('', null, 4000)).toBe('//localhost:4000');
  });
});

describe('content security policy', () => {
  const policy = contentSecurityPolicy({ nonce: 'abc', realtimeAddress: 'https://rt.example.com', dev: false });

  it('runs only nonced scripts', () => {
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('lets the socket reach the sidecar over https and wss only', () => {
    expect(policy).toContain("connect-src 'self' https://rt.example.com wss://rt.example.com;");
  });

  it('lets the socket reach the request host on the sidecar port when REALTIME_URL is unset', () => {
    const local = contentSecurityPolicy({
      nonce: 'abc',
      realtimeAddress: realtimeAddress('', '192.168.1.5:3000', 4000),
      dev: false,
    });
    expect(local).toContain("connect-src 'self' 192.168.1.5:4000;");
  });
});

describe('runtime config', () => {
  it('reads PAGE_MAX_BYTES and falls back on nonsense', () => {
    expect(readRuntimeConfig({ PAGE_MAX_BYTES: '2048' }).pageMaxBytes).toBe(2048);
    expect(readRuntimeConfig({ PAGE_MAX_BYTES: 'lots' }).pageMaxBytes).toBe(DEFAULT_PAGE_MAX_BYTES);
    expect(readRuntimeConfig({}).realtimeUrl).toBe('');
  });

  it('takes the sidecar port from REALTIME_PORT, else PORT + 1000, else 4000', () => {
    expect(readRuntimeConfig({}).realtimePort).toBe(4000);
    expect(readRuntimeConfig({ PORT: '3100' }).realtimePort).toBe(4100);
    expect(readRuntimeConfig({ PORT: '3100', REALTIME_PORT: '4500' }).realtimePort).toBe(4500);
  });

  it('keeps an http(s) origin, dropping a trailing slash', () => {
    expect(readRuntimeConfig({ REALTIME_URL: ' https://rt.example.com/ ' }).realtimeUrl).toBe('https://rt.example.com');
  });

  it.each([
    'rt.example.com',
    'javascript:alert(1)',
    'wss://rt.example.com',
    'https://rt.example.com/realtime',
    'https://rt.example.com?x=1',
  ])('refuses REALTIME_URL=%s with one message naming the variable', (value) => {
    expect(() => readRuntimeConfig({ REALTIME_URL: value })).toThrow(
      /^REALTIME_URL must be the sidecar's http\(s\) origin with no path/,
    );
  });
});

describe('formatBytes', () => {
  it('speaks in bytes, KB and MB', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1_048_576)).toBe('1 MB');
    expect(formatBytes(65_546)).toBe('64 KB');
    // The private limit (the public one less 33 bytes of header and tag) reads in the same unit.
    expect(formatBytes(1_048_576 - 33)).toBe('1 MB');
    expect(formatBytes(1_047_000)).toBe('1022 KB');
  });
});
