import { NextRequest } from 'next/server';
import { GET } from '../../app/api/config/route';
import { PROTOCOL_VERSION } from '../../lib/protocol';

describe('GET /api/config', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('serves REALTIME_URL and PAGE_MAX_BYTES as read now, with the protocol version', async () => {
    process.env.REALTIME_URL = 'https://rt.p2p.test/';
    process.env.PAGE_MAX_BYTES = '4096';
    const response = GET(new NextRequest('https://p2p.example/api/config'));
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      realtimeUrl: 'https://rt.p2p.test',
      pageMaxBytes: 4096,
      protocol: PROTOCOL_VERSION,
    });
  });

  it('resolves an unset REALTIME_URL against the host the request came to, like the page does', async () => {
    delete process.env.REALTIME_URL;
    const response = GET(
      new NextRequest('http://192.168.1.5:3000/api/config', { headers: { host: '192.168.1.5:3000' } }),
    );
    expect((await response.json()).realtimeUrl).toBe('http://192.168.1.5:4000');
  });
});
