/**
 * @jest-environment node
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { io as connect } from 'socket.io-client';
import type { Refusal } from '@/lib/protocol';
import { loadConfig } from '@/realtime/ops/config';
import { originEntryProblem, originMatcher } from '@/realtime/guards/origins';
import { startRealtimeServer, type RealtimeServer } from '@/realtime/server';
import { eventually } from '../helpers/processes';
import { startRedis } from '../helpers/redis';

jest.setTimeout(20_000);

describe('CORS_ORIGIN patterns', () => {
  const allowed = originMatcher(['https://app.example.com', 'https://*-myteam.vercel.app', 'https://*.example.org']);

  test('a pattern admits its preview and branch deployments, nothing past its domain', () => {
    expect(allowed('https://app.example.com')).toBe(true);
    expect(allowed('https://ephemeral-git-fix-myteam.vercel.app')).toBe(true);
    expect(allowed('https://www.example.org')).toBe(true);
    expect(allowed('https://evil.com-myteam.vercel.app')).toBe(false);
    expect(allowed('https://a.b.example.org')).toBe(false);
    expect(allowed('http://www.example.org')).toBe(false);
    expect(allowed('https://www.example.org:8443')).toBe(false);
    expect(allowed('https://-myteam.vercel.app')).toBe(false);
    expect(allowed('https://app.example.com.evil.net')).toBe(false);
  });

  test.each(['*', 'https://*', 'https://*.example.com/', 'ftp://*.example.com', 'https://app.example.com/path'])(
    'the entry %s is refused at start with the reason',
    (entry) => {
      expect(originEntryProblem(entry)).not.toBeNull();
      expect(() => loadConfig({ CORS_ORIGIN: entry })).toThrow(/^CORS_ORIGIN has a bad entry/);
    },
  );
});

describe('the default origins of a local run', () => {
  const host = { lanAddresses: () => ['192.168.1.20'] };

  test('admit the web port on localhost, 127.0.0.1 and the LAN addresses', () => {
    expect(loadConfig({}, host).corsOrigins).toEqual([
      'http://localhost:3000',
      'http://127.0.0.1:3000',
      'http://192.168.1.20:3000',
    ]);
  });

  test('PORT moves the web port and the sidecar port together', () => {
    const config = loadConfig({ PORT: '3100' }, host);
    expect(config.port).toBe(4100);
    expect(config.corsOrigins).toContain('http://192.168.1.20:3100');
    expect(loadConfig({ PORT: '3100', REALTIME_PORT: '5000' }, host).port).toBe(5000);
  });

  test('production has no default: CORS_ORIGIN unset stops the sidecar', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, host)).toThrow(/^CORS_ORIGIN must be set in production/);
  });
});

/** A sidecar whose log lines the test reads. */
async function sidecar(env: Record<string, string>) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const server = await startRealtimeServer(loadConfig({ REALTIME_PORT: '0', ...env }), {
    logger: pino({ level: 'warn' }, sink),
  });
  return { server, lines, url: `http://127.0.0.1:${server.port}` };
}

/** Resolves once the sidecar has no connection left (a long-polling goodbye is an HTTP request of its own). */
async function settled(url: string) {
  await eventually(async () => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    if (!/^ephemeral_connections 0$/m.test(metrics)) throw new Error('connections remain');
  });
}

type Outcome = { connected: true } | { connected: false; data: Refusal | undefined };

/** Connects once, as a browser on `origin` would, and reports the connection or the refusal. */
async function handshake(url: string, transports: string[], origin?: string): Promise<Outcome> {
  const outcome = await new Promise<Outcome>((resolve) => {
    const socket = connect(url, { transports, reconnection: false, extraHeaders: origin ? { origin } : {} });
    socket.once('connect', () => {
      socket.disconnect();
      resolve({ connected: true });
    });
    socket.once('connect_error', (err: Error & { data?: Refusal }) => {
      socket.disconnect();
      resolve({ connected: false, data: err.data });
    });
  });
  await settled(url);
  return outcome;
}

describe('a refused origin', () => {
  const running: RealtimeServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });

  test.each([['websocket'], ['polling']])(
    'is told why over %s, and the refusal is logged with the origin',
    async (transport) => {
      const rt = await sidecar({ CORS_ORIGIN: 'https://*-myteam.vercel.app' });
      running.push(rt.server);
      expect(await handshake(rt.url, [transport], 'https://preview-myteam.vercel.app')).toEqual({ connected: true });
      expect(await handshake(rt.url, [transport])).toEqual({ connected: true });

      const refused = await handshake(rt.url, [transport], 'https://www.example.com');
      expect(refused).toEqual({
        connected: false,
        data: { code: 'origin_refused', message: expect.stringMatching(/https:\/\/www\.example\.com.*CORS_ORIGIN/) },
      });
      expect(rt.lines).toContainEqual(
        expect.objectContaining({
          msg: 'handshake refused',
          origin: 'https://www.example.com',
          code: 'origin_refused',
        }),
      );
    },
  );
});

describe('long-polling on a cluster', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const running: RealtimeServer[] = [];
  beforeEach(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
    await redis.stop('SIGKILL');
  });

  // handshake() waits for the sidecar to have no connection: a refusal leaves no session behind.
  test('is refused at the handshake with websocket_required, leaving no session; WebSocket connects', async () => {
    const rt = await sidecar({ REDIS_URL: redis.url, CORS_ORIGIN: 'https://app.example.com' });
    running.push(rt.server);
    const refused = await handshake(rt.url, ['polling'], 'https://app.example.com');
    expect(refused).toEqual({
      connected: false,
      data: { code: 'websocket_required', message: expect.stringContaining('WebSocket is blocked on this network') },
    });
    expect(await handshake(rt.url, ['websocket'], 'https://app.example.com')).toEqual({ connected: true });
  });

  test('works when the balancer is sticky (STICKY_SESSIONS=true)', async () => {
    const rt = await sidecar({ REDIS_URL: redis.url, STICKY_SESSIONS: 'true', CORS_ORIGIN: 'https://app.example.com' });
    running.push(rt.server);
    expect(await handshake(rt.url, ['polling'], 'https://app.example.com')).toEqual({ connected: true });
  });
});
