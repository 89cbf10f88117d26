import { readRuntimeConfig } from '../../app/runtime-config';
import { contentSecurityPolicy } from '../../lib/web/csp';
import { formatBytes } from '../../lib/client/format-bytes';
import { parseHost } from '../../lib/web/request-host';
import { RelayAddressError, realtimeAddress } from '../../lib/web/realtime-url';
import { resolveRealtimeUrl } from '../../lib/web/relay-meta';
import { DEFAULT_PAGE_MAX_BYTES } from '../../lib/limits';

const local = { kind: 'local' } as const;
const host = (raw: string) => parseHost(raw);

describe('realtime address', () => {
  it('is REALTIME_URL when set, whatever the host', () => {
    const setting = { kind: 'origin', origin: 'https://rt.example.com' } as const;
    expect(realtimeAddress(setting, host('p2p.example.net'), 4000)).toBe('https://rt.example.com');
    expect(resolveRealtimeUrl('https://rt.example.com', { protocol: 'http:' })).toBe('https://rt.example.com');
  });

  it("is the page's own origin with REALTIME_URL=same-origin", () => {
    const same = realtimeAddress({ kind: 'same-origin' }, host('p2p.example.net'), 4000);
    expect(same).toBe('//p2p.example.net');
    expect(resolveRealtimeUrl(same, { protocol: 'https:' })).toBe('https://p2p.example.net');
    expect(() => realtimeAddress({ kind: 'same-origin' }, null, 4000)).toThrow(RelayAddressError);
  });

  it('unset, follows a local or LAN request host, on the sidecar port, with the page scheme', () => {
    const lan = realtimeAddress(local, host('192.168.1.5:3000'), 4000);
    expect(lan).toBe('//192.168.1.5:4000');
    expect(resolveRealtimeUrl(lan, { protocol: 'http:' })).toBe('http://192.168.1.5:4000');
    expect(resolveRealtimeUrl(realtimeAddress(local, host('[::1]:3100'), 4100), { protocol: 'https:' })).toBe(
      'https://[::1]:4100',
    );
    expect(realtimeAddress(local, null, 4000)).toBe('//localhost:4000');
    for (const name of [
      'localhost:3000',
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.2',
      '100.100.1.1',
      '[fd00::1]',
      'laptop.local',
      'web',
    ]) {
      expect(realtimeAddress(local, host(name), 4000)).toBe(`//${host(name)!.hostname}:4000`);
    }
  });

  it.each(['p2p.example.net', 'ephemeral-p2p.vercel.app:443', '203.0.113.7:3000', '[2001:db8::1]'])(
    'unset, refuses to guess for the public host %s, naming REALTIME_URL',
    (name) => {
      expect(() => realtimeAddress(local, host(name), 6310)).toThrow(
        expect.objectContaining({
          status: 500,
          message: expect.stringMatching(/^Configuration error: REALTIME_URL is not set/),
        }),
      );
    },
  );
});

describe('content security policy', () => {
  const policy = contentSecurityPolicy({ nonce: 'abc', realtimeAddress: 'https://rt.example.com', dev: false });

  it('runs only nonced scripts', () => {
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('lets the socket reach the sidecar over https and wss only', () => {
    expect(policy).toContain("connect-src 'self' https://rt.example.com wss://rt.example.com;");
    const plain = contentSecurityPolicy({ nonce: 'abc', realtimeAddress: 'http://10.0.0.2:4000', dev: false });
    expect(plain).toContain("connect-src 'self' http://10.0.0.2:4000 ws://10.0.0.2:4000;");
  });

  it('names every scheme for a scheme-relative address: Chromium opens no ws:// to a bare host source', () => {
    const unset = contentSecurityPolicy({
      nonce: 'abc',
      realtimeAddress: realtimeAddress(local, null, 4000),
      dev: false,
    });
    expect(unset).toContain(
      "connect-src 'self' http://localhost:4000 https://localhost:4000 ws://localhost:4000 wss://localhost:4000;",
    );
    const same = contentSecurityPolicy({
      nonce: 'abc',
      realtimeAddress: realtimeAddress({ kind: 'same-origin' }, host('p2p.test:8443'), 4000),
      dev: false,
    });
    expect(same).toContain(
      "connect-src 'self' http://p2p.test:8443 https://p2p.test:8443 ws://p2p.test:8443 wss://p2p.test:8443;",
    );
    // Every source of connect-src carries a scheme.
    for (const csp of [policy, unset, same]) {
      const sources = /connect-src ([^;]*)/.exec(csp)![1].split(' ').slice(1);
      expect(sources.every((source) => /^(https?|wss?):\/\//.test(source))).toBe(true);
    }
  });
});

describe('runtime config', () => {
  it('reads PAGE_MAX_BYTES and falls back on nonsense', () => {
    expect(readRuntimeConfig({ PAGE_MAX_BYTES: '2048' }).pageMaxBytes).toBe(2048);
    expect(readRuntimeConfig({ PAGE_MAX_BYTES: 'lots' }).pageMaxBytes).toBe(DEFAULT_PAGE_MAX_BYTES);
    expect(readRuntimeConfig({}).realtime).toEqual({ kind: 'local' });
  });

  it('takes the sidecar port from REALTIME_PORT, else PORT + 1000, else 4000', () => {
    expect(readRuntimeConfig({}).realtimePort).toBe(4000);
    expect(readRuntimeConfig({ PORT: '3100' }).realtimePort).toBe(4100);
    expect(readRuntimeConfig({ PORT: '3100', REALTIME_PORT: '4500' }).realtimePort).toBe(4500);
  });

  it('keeps an http(s) origin, dropping a trailing slash', () => {
    expect(readRuntimeConfig({ REALTIME_URL: ' https://rt.example.com/ ' }).realtime).toEqual({
      kind: 'origin',
      origin: 'https://rt.example.com',
    });
  });

  it("reads same-origin: the relay is routed on the web app's own origin", () => {
    expect(readRuntimeConfig({ REALTIME_URL: 'same-origin' }).realtime).toEqual({ kind: 'same-origin' });
  });

  it('refuses an unset REALTIME_URL on Vercel, in one line naming it with an example', () => {
    expect(() => readRuntimeConfig({ VERCEL: '1' })).toThrow(
      /^REALTIME_URL must be set on Vercel \(for Production and Preview\): .* REALTIME_URL=https:\/\/\S+$/,
    );
    expect(readRuntimeConfig({ VERCEL: '1', REALTIME_URL: 'same-origin' }).realtime.kind).toBe('same-origin');
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
