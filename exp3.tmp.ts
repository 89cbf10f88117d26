import http from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startBuiltApp } from './bench/web/built-app';
const cssPath = process.argv[2];
(async () => {
  const app = await startBuiltApp('exp3');
  const html = await (await fetch(`${app.webOrigin}/`)).text();
  const css = readFileSync(cssPath, 'utf8');
  const variants: Record<string, string> = {
    asis: css,
    noprops: css.replace(/@property [^{]+\{[^}]*\}/g, ''),
    none: '',
  };
  let current = 'asis';
  const server = http.createServer(async (req, res) => {
    if (req.url === '/') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); return res.end(html); }
    if (req.url!.endsWith('.css')) { res.writeHead(200, { 'content-type': 'text/css' }); return res.end(variants[current]); }
    const r = await fetch(`${app.webOrigin}${req.url}`);
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream' });
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(47223, '127.0.0.1', r));
  for (let i = 0; i < 2; i++) for (const v of Object.keys(variants)) {
    current = v;
    const lh = spawn(process.execPath, ['node_modules/lighthouse/cli/index.js', 'http://127.0.0.1:47223/', '--output=json', '--output-path=/tmp/lht/exp3.json', '--save-assets', '--quiet', '--only-categories=performance', '--chrome-flags=--headless=new --no-sandbox --disable-features=ThrottleFrameRateOnManyDidNotProduceFrame,PaintHolding'], { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, stdio: 'ignore' });
    await new Promise((r) => lh.on('close', r));
    const rep = JSON.parse(readFileSync('/tmp/lht/exp3.json', 'utf8'));
    const m = rep.audits.metrics.details.items[0];
    const trace = JSON.parse(readFileSync('/tmp/lht/exp3-0.trace.json', 'utf8'));
    const evs = (trace.traceEvents ?? trace).filter((e: any) => ['UpdateLayoutTree', 'Layout'].includes(e.name) && e.dur > 5000).slice(0, 4).map((e: any) => `${e.name}:${Math.round(e.dur / 1000)}`);
    console.log(v, m.observedFirstPaint, Math.round(m.largestContentfulPaint), Math.round(rep.categories.performance.score * 100), evs.join(' '));
  }
  server.close();
  await app.stop();
  process.exit(0);
})();
