import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..');

/** The React floor's script (react-floor.tsx), bundled and minified as the viewer's is. */
function reactFloorScript(): Uint8Array {
  const result = buildSync({
    entryPoints: [join(__dirname, 'react-floor.tsx')],
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].contents;
}

/**
 * The floor page (bench/web/floor.html), Socket.IO's client script and the
 * React floor's on `port`, gzipped as next start serves its own: the
 * yardsticks of npm run bench:web and npm run bench:lighthouse. It opens
 * `/<hash>?relay=<url>` (and `&react` for the React floor).
 */
export function startFloorServer(port: number): Promise<Server> {
  const html = readFileSync(join(__dirname, 'floor.html'));
  const scripts = new Map([
    ['/socket.io.min.js', gzipSync(readFileSync(join(ROOT, 'node_modules/socket.io-client/dist/socket.io.min.js')))],
    ['/react-floor.js', gzipSync(reactFloorScript())],
  ]);
  const server = createServer((req, res) => {
    const script = scripts.get(req.url ?? '');
    if (script) {
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
