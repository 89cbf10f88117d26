import { NextRequest } from 'next/server';
import { GET } from '../../app/api/config/route';
import { siteMetadata } from '../../app/page-metadata';
import { parseHost } from '../../lib/web/request-host';
import { proxy } from '../../proxy';

let requestHeaders = new Headers();
jest.mock('next/headers', () => ({ headers: async () => requestHeaders }));

/** Hostile or malformed Host and X-Forwarded-Host values: none may reach the CSP or any URL the app makes. */
const HOSTILE = [
  '*',
  "evil.test'",
  'evil.test;script-src *',
  ',evil.test',
  'evil.test/path',
  'user@evil.test',
  'evil.test:99999',
  'evil.test:80:80',
  '[not-ipv6]',
  'evil test',
  '"evil.test"',
  'evil.test\\x',
];

const realtime = (path: string) => `http://192.168.1.5:3000${path}`;

describe('Host and X-Forwarded-Host are parsed strictly', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it.each(HOSTILE)('%s is no host', (value) => {
    expect(parseHost(value)).toBeNull();
  });

  it('a plain host, with a port or an IPv6 literal, is kept in lower case', () => {
    expect(parseHost('P2P.Example.net:8443')).toEqual({ hostname: 'p2p.example.net', host: 'p2p.example.net:8443' });
    expect(parseHost('[::1]:3000')).toEqual({ hostname: '[::1]', host: '[::1]:3000' });
    expect(parseHost('[::1]')).toEqual({ hostname: '[::1]', host: '[::1]' });
  });

  describe.each([
    ['REALTIME_URL unset', {}],
    ['REALTIME_URL=same-origin', { REALTIME_URL: 'same-origin' }],
    ['REALTIME_URL set', { REALTIME_URL: 'https://rt.p2p.test' }],
  ])('with %s', (_name, env: Record<string, string>) => {
    beforeEach(() => {
      delete process.env.REALTIME_URL;
      Object.assign(process.env, env);
    });

    it.each(HOSTILE.flatMap((value) => [['host', value] as const, ['x-forwarded-host', value] as const]))(
      '%s: %s reaches neither the CSP, /api/config nor the metadata',
      async (header, value) => {
        // A hostile Host comes with a hostile X-Forwarded-Host (else that would be used); a hostile
        // X-Forwarded-Host with the LAN Host it falls back to.
        const headers = new Headers({
          host: header === 'host' ? value : '192.168.1.5:3000',
          'x-forwarded-host': value,
        });
        const made: string[] = [];

        const page = proxy(new NextRequest(realtime('/'), { headers }));
        made.push(page.headers.get('content-security-policy') ?? '', await page.text());

        const config = GET(new NextRequest(realtime('/api/config'), { headers }));
        made.push(JSON.stringify(await config.json()));

        requestHeaders = headers;
        const metadata = await siteMetadata();
        made.push(String(metadata.metadataBase ?? ''));

        for (const text of made) expect(text).not.toContain('evil');
        const csp = page.headers.get('content-security-policy') ?? '';
        if (page.status === 400) {
          // Same-origin with no host at all: nothing to name, so no page.
          expect([csp, env.REALTIME_URL, header]).toEqual(["default-src 'none'", 'same-origin', 'host']);
          return;
        }
        expect(csp.split('; ')[0]).toBe("default-src 'self'");
        const sources = /connect-src 'self' ([^;]*)/.exec(csp)![1].split(' ');
        expect(sources.every((source) => /^(https?|wss?):\/\/[a-z0-9.-]+(:\d+)?$/.test(source))).toBe(true);
      },
    );
  });

  it('a valid forwarded host is the public one: metadata, same-origin CSP and /api/config follow it', async () => {
    process.env.REALTIME_URL = 'same-origin';
    const headers = new Headers({ 'x-forwarded-host': 'p2p.test, proxy.internal', 'x-forwarded-proto': 'https' });
    const csp = proxy(new NextRequest(realtime('/'), { headers })).headers.get('content-security-policy');
    expect(csp).toContain("connect-src 'self' http://p2p.test https://p2p.test ws://p2p.test wss://p2p.test;");
    expect(await GET(new NextRequest(realtime('/api/config'), { headers })).json()).toMatchObject({
      realtimeUrl: 'https://p2p.test',
    });
    requestHeaders = headers;
    expect(String((await siteMetadata()).metadataBase)).toBe('https://p2p.test/');
  });
});

describe('REALTIME_URL unset on a public host', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('a page answers the configuration error naming REALTIME_URL, and so does /api/config', async () => {
    delete process.env.REALTIME_URL;
    const headers = new Headers({ 'x-forwarded-host': 'p2p.example.net' });
    const page = proxy(new NextRequest(realtime('/'), { headers }));
    expect(page.status).toBe(500);
    expect(await page.text()).toMatch(/^Configuration error: REALTIME_URL is not set, and p2p\.example\.net is not/);
    const config = GET(new NextRequest(realtime('/api/config'), { headers }));
    expect(config.status).toBe(500);
    expect(config.headers.get('cache-control')).toBe('no-store');
    expect((await config.json()).error).toMatch(/REALTIME_URL is not set/);
  });
});
