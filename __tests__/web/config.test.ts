import { readRuntimeConfig } from '../../app/runtime-config';
import { contentSecurityPolicy } from '../../lib/web/csp';
import { formatBytes } from '../../lib/client/format-bytes';
import { resolveRealtimeUrl } from '../../lib/web/realtime-url';
import { DEFAULT_PAGE_MAX_BYTES } from '../../lib/limits';

describe('realtime URL', () => {
  it('uses REALTIME_URL when set', () => {
    expect(resolveRealtimeUrl(' https://rt.example.com/ ', { protocol: 'http:', hostname: 'x' })).toBe('https://rt.example.com');
  });

  it('defaults to the page host on port 4000', () => {
    expect(resolveRealtimeUrl('', { protocol: 'http:', hostname: '192.168.1.5' })).toBe('http://192.168.1.5:4000');
    expect(resolveRealtimeUrl(undefined, { protocol: 'http:', hostname: '::1' })).toBe('http://[::1]:4000');
  });
});

describe('content security policy', () => {
  const policy = contentSecurityPolicy({ nonce: 'abc', realtimeUrl: 'https://rt.example.com', dev: false });

  it('runs only nonced scripts', () => {
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('lets the socket reach the sidecar over https and wss only', () => {
    expect(policy).toContain("connect-src 'self' https://rt.example.com wss://rt.example.com;");
  });
});

describe('runtime config', () => {
  it('reads PAGE_MAX_BYTES and falls back on nonsense', () => {
    expect(readRuntimeConfig({ PAGE_MAX_BYTES: '2048' }).pageMaxBytes).toBe(2048);
    expect(readRuntimeConfig({ PAGE_MAX_BYTES: 'lots' }).pageMaxBytes).toBe(DEFAULT_PAGE_MAX_BYTES);
    expect(readRuntimeConfig({}).realtimeUrl).toBe('');
  });

  it('refuses a REALTIME_URL that is not an http(s) URL, naming the variable', () => {
    expect(readRuntimeConfig({ REALTIME_URL: 'https://rt.example.com' }).realtimeUrl).toBe('https://rt.example.com');
    expect(() => readRuntimeConfig({ REALTIME_URL: 'rt.example.com' })).toThrow('REALTIME_URL must be an http(s) URL');
    expect(() => readRuntimeConfig({ REALTIME_URL: 'javascript:alert(1)' })).toThrow('REALTIME_URL');
  });
});

describe('formatBytes', () => {
  it('speaks in bytes, KB and MB', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1_048_576)).toBe('1 MB');
    expect(formatBytes(65_546)).toBe('64 KB');
  });
});
