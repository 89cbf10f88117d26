import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchAppConfig, MAX_ACCEPTED_PAGE_BYTES } from '../../cli/app-config';

/** A stand-in for the web app on an ephemeral port that answers /api/config with `answer`. */
async function serve(answer: (res: ServerResponse) => void): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => answer(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('fetchAppConfig', () => {
  const servers: Server[] = [];
  afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

  it('reads the settings an app serves', async () => {
    const settings = { realtimeUrl: 'http://127.0.0.1:4000', pageMaxBytes: 1024, protocol: 2 };
    const { origin, server } = await serve((res) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify(settings)),
    );
    servers.push(server);
    await expect(fetchAppConfig(origin, new AbortController().signal)).resolves.toEqual(settings);
  });

  it('says so when the app cannot be reached', async () => {
    const { origin, server } = await serve(() => {});
    await new Promise((r) => server.close(r));
    await expect(fetchAppConfig(origin, new AbortController().signal)).rejects.toThrow(
      `cannot reach the app at ${origin}: connection refused`,
    );
  });

  it('says so when the address is not an Ephemeral P2P app', async () => {
    const notFound = await serve((res) => res.writeHead(404).end('not here'));
    const html = await serve((res) => res.end('<html></html>'));
    const wrong = await serve((res) => res.end(JSON.stringify({ realtimeUrl: 'rt', pageMaxBytes: -1 })));
    servers.push(notFound.server, html.server, wrong.server);
    await expect(fetchAppConfig(notFound.origin, new AbortController().signal)).rejects.toThrow(
      `${notFound.origin} does not look like an Ephemeral P2P app: GET /api/config answered 404`,
    );
    await expect(fetchAppConfig(html.origin, new AbortController().signal)).rejects.toThrow(
      'GET /api/config did not answer JSON',
    );
    await expect(fetchAppConfig(wrong.origin, new AbortController().signal)).rejects.toThrow(
      'GET /api/config answered settings it cannot use',
    );
  });

  it('passes on the reason a misconfigured app gives', async () => {
    const reason = 'Configuration error: REALTIME_URL is not set';
    const { origin, server } = await serve((res) =>
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: reason })),
    );
    servers.push(server);
    await expect(fetchAppConfig(origin, new AbortController().signal)).rejects.toThrow(
      `the app at ${origin} cannot be used: ${reason}`,
    );
  });

  it('follows a redirect within the app, and none to another origin', async () => {
    const settings = { realtimeUrl: 'http://127.0.0.1:4000', pageMaxBytes: 1024, protocol: 2 };
    const elsewhere = await serve((res) => res.end(JSON.stringify(settings)));
    const hop = await serve((res) => res.writeHead(302, { location: `${elsewhere.origin}/api/config` }).end());
    const local = await serve((res) =>
      res.req.url === '/api/config'
        ? res.writeHead(301, { location: '/api/config/' }).end()
        : res.end(JSON.stringify(settings)),
    );
    servers.push(elsewhere.server, hop.server, local.server);
    await expect(fetchAppConfig(hop.origin, new AbortController().signal)).rejects.toThrow(
      `${hop.origin} redirects GET /api/config to another origin, ${elsewhere.origin}: not followed`,
    );
    await expect(fetchAppConfig(local.origin, new AbortController().signal)).resolves.toEqual(settings);
  });

  it('refuses answers too large to be settings, and page limits past what the CLI will buffer', async () => {
    const huge = await serve((res) => res.end(`{"realtimeUrl":"${'x'.repeat(1_000_000)}"}`));
    const greedy = await serve((res) =>
      res.end(JSON.stringify({ realtimeUrl: 'http://127.0.0.1:4000', pageMaxBytes: 4e9, protocol: 2 })),
    );
    servers.push(huge.server, greedy.server);
    await expect(fetchAppConfig(huge.origin, new AbortController().signal)).rejects.toThrow(
      'answered over 16384 bytes',
    );
    await expect(fetchAppConfig(greedy.origin, new AbortController().signal)).rejects.toThrow(
      `names a page limit of 4000000000 bytes, over the ${MAX_ACCEPTED_PAGE_BYTES} this client accepts`,
    );
  });

  it('prints the relay as parsed', async () => {
    const odd = await serve((res) =>
      res.end(
        JSON.stringify({ realtimeUrl: 'http://127.0.0.1:4000/\x1b]0;PWNED\x07/rt', pageMaxBytes: 1024, protocol: 2 }),
      ),
    );
    servers.push(odd.server);
    const config = await fetchAppConfig(odd.origin, new AbortController().signal);
    expect(config.realtimeUrl).toBe('http://127.0.0.1:4000/%1B]0;PWNED%07/rt');
  });
});
