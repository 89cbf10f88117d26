import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(__dirname, '..', '..');

/**
 * The floor page (bench/web/floor.html) and Socket.IO's client script on
 * `port`, gzipped as next start serves its own: the yardstick of
 * npm run bench:web and npm run bench:lighthouse. It opens `/<hash>?relay=<url>`.
 */
export function startFloorServer(port: number): Promise<Server> {
  const html = readFileSync(join(__dirname, 'floor.html'));
  const script = gzipSync(readFileSync(join(ROOT, 'node_modules/socket.io-client/dist/socket.io.min.js')));
  const server = createServer((req, res) => {
    if (req.url === '/socket.io.min.js') {
      res.writeHead(200, {
        'Content-Type': 'text/javascript',
        'Content-Encoding': 'gzip',
        'Cache-Control': 'public, max-age=31536000, immutable',
      });
      return res.end(script);
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
