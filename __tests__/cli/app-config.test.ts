import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchAppConfig } from '../../cli/app-config';

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
});
