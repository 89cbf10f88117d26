// The deployment test's checks of defaults that cannot be silently wrong: hostile
// Host headers sent straight to a web app, and client addresses seen through the proxy.
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { assert } from './browser.mjs';

/** Host and X-Forwarded-Host values that must reach neither the CSP nor any URL the app writes. */
export const HOSTILE_HOSTS = [
  '*',
  "evil.test'",
  'evil.test;script-src *',
  ',evil.test',
  'evil.test/x',
  'user@evil.test',
];

/** GET straight to a web app's port with any Host (fetch will not send one of our choosing). */
function rawGet(port, path, headers) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends every hostile value as Host (with the same X-Forwarded-Host) and as
 * X-Forwarded-Host alone to the web app on `port`, for a page and /api/config:
 * no answer may carry it, and every connect-src source must name its scheme.
 */
export async function assertHostileHostsIgnored(port) {
  let answers = 0;
  for (const value of HOSTILE_HOSTS) {
    for (const headers of [
      { host: value, 'x-forwarded-host': value },
      { host: `127.0.0.1:${port}`, 'x-forwarded-host': value },
    ]) {
      for (const path of ['/', '/api/config']) {
        const { status, headers: answer, body } = await rawGet(port, path, headers);
        const what = `${path} with ${JSON.stringify(headers)}: ${status}`;
        assert(status === 200 || status === 400, `${what} (200, or 400 when there is no host at all)`);
        const csp = answer['content-security-policy'] ?? '';
        assert(!csp.includes('evil') && !body.includes('evil'), `${what} echoes the header`);
        const connect = /connect-src 'self'((?: [^ ;]+)*)/.exec(csp)?.[1].trim().split(' ') ?? [];
        assert(
          connect.every((source) => /^(https?|wss?):\/\/[a-z0-9.-]+(:\d+)?$/.test(source)),
          `${what}: connect-src ${connect.join(' ')}`,
        );
        answers += 1;
      }
    }
  }
  return answers;
}

/**
 * Opens an Engine.IO WebSocket to rt.test through the proxy from `localAddress`
 * (any 127.x address reaches Caddy on 127.0.0.1) and joins; resolves with the
 * open socket, or the refusal code the sidecar sent instead.
 */
export function proxiedSocket({ port, ca, localAddress }) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`wss://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
      headers: { host: `rt.test:${port}` },
      servername: 'rt.test',
      ca,
      localAddress,
    });
    socket.on('error', reject);
    socket.on('message', (data) => {
      const packet = String(data);
      if (packet.startsWith('0')) socket.send('40');
      else if (packet.startsWith('40')) resolve({ socket });
      else if (packet.startsWith('44')) {
        socket.close();
        resolve({ refused: JSON.parse(packet.slice(2)).data?.code });
      }
    });
  });
}
