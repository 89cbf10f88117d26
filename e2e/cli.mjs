// The command-line client (issue 12) as a person uses it: real `ephemeral-p2p`
// processes, built by npm run build, against the built app and a real sidecar,
// with Chromium on the other side; stopped with real signals.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assert,
  expectHolders,
  heldBytes,
  newVisitor,
  pageText,
  pageTitled,
  sha256Hex,
  sharePage,
  sharePrivatePage,
} from './browser.mjs';
import { freePort } from './servers.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = new URL('../dist/cli/cli/main.js', import.meta.url).pathname;
const WAIT_MS = 20_000;

/** A valid key that opens nothing here: 32 bytes of 0x42 in base64url. */
const OTHER_KEY = Buffer.alloc(32, 0x42).toString('base64url');

/** Resolves when `check()` is true, re-checking on every output chunk; rejects after WAIT_MS naming `what`. */
function waitFor(run, check, what) {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} did not happen within ${WAIT_MS} ms; stderr so far:\n${run.stderr}`));
    }, WAIT_MS);
    const onChange = () => {
      if (!check()) return;
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      run.events.off('change', onChange);
    };
    run.events.on('change', onChange);
  });
}

/** Starts `ephemeral-p2p ...args`; `stdin` is written and closed. Output is collected as it comes. */
function startCli(args, { stdin = null, env = {} } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, EPHEMERAL_APP: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const run = { child, stdoutBytes: Buffer.alloc(0), stderr: '', events: child };
  child.stdout.on('data', (chunk) => {
    run.stdoutBytes = Buffer.concat([run.stdoutBytes, chunk]);
    child.emit('change');
  });
  child.stderr.on('data', (chunk) => {
    run.stderr += chunk;
    child.emit('change');
  });
  run.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  child.once('close', () => child.emit('change'));
  if (stdin !== null) child.stdin.end(stdin);
  else child.stdin.end();
  run.firstLine = async () => {
    await waitFor(
      run,
      () => run.stdoutBytes.includes(0x0a) || child.exitCode !== null,
      'a first line on standard output',
    );
    assert(run.stdoutBytes.includes(0x0a), `the CLI exited (${child.exitCode}) before printing a line: ${run.stderr}`);
    return run.stdoutBytes.toString('utf8').split('\n')[0];
  };
  run.stderrShows = (pattern) => waitFor(run, () => pattern.test(run.stderr), `stderr showing ${pattern}`);
  /** Sends a signal and waits for the exit. */
  run.stop = async (signal = 'SIGINT') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return run.exited;
  };
  return run;
}

/** Runs a command to its end. */
async function runCli(args, options) {
  const run = startCli(args, options);
  const { code } = await run.exited;
  return { code, stdout: run.stdoutBytes, stderr: run.stderr };
}

/** A failure as the issue asks for it: non-zero exit, nothing on stdout, one line on stderr, no stack trace. */
function assertOneLineError(result, code, pattern, what) {
  const lines = result.stderr.split('\n').filter(Boolean);
  assert(result.code === code, `${what}: exit code ${result.code}, expected ${code} (stderr: ${result.stderr})`);
  assert(lines.length === 1, `${what}: ${lines.length} lines on stderr, expected one:\n${result.stderr}`);
  assert(lines[0].startsWith('ephemeral-p2p: '), `${what}: the line names the program: ${lines[0]}`);
  assert(pattern.test(lines[0]), `${what}: "${lines[0]}" does not match ${pattern}`);
  assert(
    !/\n\s+at |Error:|node:internal/.test(result.stderr),
    `${what}: stderr shows a stack trace:\n${result.stderr}`,
  );
  assert(result.stdout.length === 0, `${what}: wrote ${result.stdout.length} bytes to stdout`);
}

/**
 * Runs each bad command line to its end, a few at a time (each is a Node
 * process on a shared machine), and checks its one-line error.
 */
async function expectErrors(cases) {
  for (let i = 0; i < cases.length; i += 4) {
    const batch = cases.slice(i, i + 4);
    const results = await Promise.all(batch.map(([args]) => runCli(args)));
    batch.forEach(([, code, pattern, what], j) => assertOneLineError(results[j], code, pattern, what));
  }
}

/** The README's first shell block in its Command line section: the examples that run as written. */
function readmeExamples() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'));
  return section.slice(section.indexOf('```sh\n') + 6, section.indexOf('```\n', section.indexOf('```sh\n') + 6));
}

/**
 * Runs a shell script in `cwd` where `npx` is this clone's own (never a
 * download: --no refuses to install), as a newcomer's shell in a fresh clone
 * would. A script on PATH that execs npx, so `$!` is npm's PID as it is for
 * a real `npx … &` (a shell function would run in a subshell instead).
 */
function runShell(script, cwd) {
  const bin = join(cwd, '.bin');
  mkdirSync(bin, { recursive: true });
  const realNpx = execFileSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8' }).trim();
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\nexec '${realNpx}' --no --prefix '${ROOT}' "$@"\n`, { mode: 0o755 });
  const child = spawn('bash', ['-e', '-c', script], {
    cwd,
    env: { ...process.env, EPHEMERAL_APP: '', PATH: `${bin}:${process.env.PATH}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (out.stdout += chunk));
  child.stderr.on('data', (chunk) => (out.stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, ...out })));
}

/** Page bytes that would drive a terminal (retitle, colour, clear) and bytes that are not UTF-8 (an ELF header). */
const CONTROL_PAGE = Buffer.from('\x1b]0;PWNED\x07\x1b[31mred\x1b[2J\nsecond line\n');
const BINARY_PAGE = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe, 0x00, 0x01]);

/** Browser visitors and CLI processes for one test; `cleanup` ends every one of them after it. */
function cast(browser) {
  const contexts = [];
  const runs = [];
  return {
    async visitor() {
      const v = await newVisitor(browser);
      contexts.push(v.context);
      return v;
    },
    cli(args, options) {
      const run = startCli(args, options);
      runs.push(run);
      return run;
    },
    async cleanup() {
      await Promise.all(runs.splice(0).map((run) => run.stop('SIGKILL')));
      await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
    },
  };
}

export function defineCliTests({ browser, servers, logDir }) {
  const origin = servers.webOrigin;
  const { visitor, cli, cleanup } = cast(browser);
  // Scratch files sit with the run's logs (git-ignored), left for a look after a failure.
  const dir = join(logDir, 'cli');
  mkdirSync(dir, { recursive: true });

  return [
    {
      name: 'cli: get prints a page made in the browser byte for byte, and is not counted as a holder',
      async run() {
        const a = await visitor();
        const text = ['# Shopping ✓', '', 'Crème fraîche, 日本茶, 🥐', '\ttabbed\r', 'no newline at the end'].join(
          '\n',
        );
        const hash = await sharePage(a.page, origin, text);
        const served = await heldBytes(a.page, hash);

        const got = await runCli(['get', `${origin}/${hash}`]);
        assert(got.code === 0, `get exited ${got.code}: ${got.stderr}`);
        assert(
          got.stdout.equals(served),
          `get wrote ${got.stdout.length} bytes that differ from the browser's ${served.length}`,
        );
        assert(got.stderr === '', `get is quiet on a non-terminal stderr, got: ${got.stderr}`);

        const out = join(dir, 'shopping.md');
        const saved = await runCli(['get', `${origin}/${hash}`, '--out', out]);
        assert(saved.code === 0 && saved.stdout.length === 0, `get --out exited ${saved.code}: ${saved.stderr}`);
        assert(readFileSync(out).equals(served), '--out wrote the exact bytes');
        // get left without holding: the creator is still the only holder.
        await expectHolders(a.page, 1);
      },
    },
    {
      name: "cli: the README's examples run as written in a fresh folder, and kill $! on npx stops the share",
      async run() {
        const folder = join(dir, 'readme');
        rmSync(folder, { recursive: true, force: true });
        mkdirSync(folder, { recursive: true });
        const script = readmeExamples().replaceAll('http://localhost:3000', origin);
        const result = await runShell(script, folder);
        assert(result.code === 0, `the examples exited ${result.code}:\n${result.stderr}`);
        assert(
          readFileSync(join(folder, 'copy.md')).equals(readFileSync(join(folder, 'notes.md'))),
          'get --out copied notes.md',
        );
        assert(result.stdout.includes('Bring snacks.') && result.stdout.includes('for your eyes only'), result.stdout);
        // kill $sharing ended the share itself, not only npm: nobody holds the page any more.
        const link = readFileSync(join(folder, 'link.txt'), 'utf8').split('\n')[0];
        const gone = await runCli(['get', link, '--timeout', '3']);
        assert(gone.code === 3, `the killed share still held its page: get exited ${gone.code}: ${gone.stderr}`);
      },
    },
    {
      name: 'cli: --version prints the package version',
      async run() {
        const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
        const result = await runCli(['--version']);
        assert(
          result.code === 0 && result.stdout.toString() === `${version}\n`,
          `got ${result.code}: ${result.stdout}`,
        );
      },
    },
    {
      name: 'cli: a page with control characters shows them as symbols in the browser; a binary page is "binary, N bytes" and downloads byte for byte',
      async run() {
        const hostile = join(dir, 'hostile.txt');
        const binary = join(dir, 'binary.bin');
        writeFileSync(hostile, CONTROL_PAGE);
        writeFileSync(binary, BINARY_PAGE);
        const shares = [cli(['share', hostile, '--app', origin]), cli(['share', binary, '--app', origin])];
        const [hostileLink, binaryLink] = await Promise.all(shares.map((run) => run.firstLine()));

        const v = await visitor();
        await v.page.goto(hostileLink);
        await v.page.getByTestId('page-content').waitFor();
        const shown = await pageText(v.page);
        assert(shown.includes('␛]0;PWNED␇␛[31mred␛[2J\nsecond line'), `plain text shows the controls: ${shown}`);
        const title = await v.page.title();
        assert(title.startsWith('␛]0;PWNED␇␛[31mred␛[2J'), `the title shows the controls: ${title}`);
        await v.page.getByRole('link', { name: /^␛\]0;PWNED␇/ }).waitFor();

        await v.page.goto(binaryLink);
        const content = v.page.getByTestId('page-content');
        await content.waitFor();
        const label = await content.innerText();
        assert(label.includes('binary, 12 bytes'), `a binary page is named by its size: ${label}`);
        const title2 = await v.page.title();
        assert(title2.startsWith('binary, 12 bytes'), `and so is its tab: ${title2}`);
        const [download] = await Promise.all([
          v.page.waitForEvent('download'),
          v.page.getByRole('button', { name: 'Download' }).click(),
        ]);
        const saved = join(dir, 'downloaded.bin');
        await download.saveAs(saved);
        assert(readFileSync(saved).equals(BINARY_PAGE), 'the download is the exact bytes');
      },
    },
    {
      name: 'cli: get --hold counts as a holder until Ctrl-C, then leaves cleanly with exit 0',
      async run() {
        const a = await visitor();
        const hash = await sharePage(a.page, origin, pageTitled('Held from a terminal after get'));
        const run = cli(['get', `${origin}/${hash}`, '--hold']);
        await run.stderrShows(/holding the page · 2 holders \(this terminal and 1 other\)/);
        await expectHolders(a.page, 2);
        assert(
          run.stdoutBytes.toString() === pageTitled('Held from a terminal after get'),
          'get --hold printed the page',
        );
        const { code } = await run.stop('SIGINT');
        assert(code === 0, `Ctrl-C exits 0, got ${code}`);
        assert(/stopped holding the page\n$/.test(run.stderr), `the last status says it let go: ${run.stderr}`);
        await expectHolders(a.page, 1);
      },
    },
    {
      name: 'cli: a page shared from the terminal opens in the browser, whose meter counts the terminal',
      async run() {
        const text = '# Notes from the terminal\n\n- shared with `ephemeral-p2p share`\n- held until Ctrl-C\n';
        const file = join(dir, 'notes.md');
        writeFileSync(file, text);
        const run = cli(['share', file, '--app', origin]);
        const link = await run.firstLine();
        assert(link === `${origin}/${sha256Hex(text)}`, `the first line is the page's link on the app: ${link}`);
        await run.stderrShows(/holding the page · 1 holder \(this terminal\)/);

        const b = await visitor();
        await b.page.goto(link);
        await b.page.getByTestId('page-content').waitFor();
        assert((await pageText(b.page)).includes('shared with `ephemeral-p2p share`'), 'the browser shows the text');
        await expectHolders(b.page, 2);
        await run.stderrShows(/2 holders \(this terminal and 1 other\)/);

        const { code } = await run.stop('SIGTERM');
        assert(code === 0, `SIGTERM exits 0, got ${code}`);
        await expectHolders(b.page, 1);
        assert(run.stdoutBytes.toString() === `${link}\n`, 'standard output holds only the link');
      },
    },
    {
      name: 'cli: private pages both ways: get opens a browser private page; a private share from stdin opens in the browser',
      async run() {
        const a = await visitor();
        const secret = pageTitled('Private from the browser');
        const browserPage = await sharePrivatePage(a.page, origin, secret);
        const got = await runCli(['get', browserPage.link]);
        assert(got.code === 0, `get exited ${got.code}: ${got.stderr}`);
        assert(got.stdout.toString('utf8') === secret, 'get decrypted the page with the key in the link');

        const noKey = await runCli(['get', `${origin}/${browserPage.hash}`]);
        assertOneLineError(noKey, 1, /This link is missing its key/, 'get without the key');
        const wrongKey = await runCli(['get', `${origin}/${browserPage.hash}#k=${OTHER_KEY}`]);
        assertOneLineError(wrongKey, 1, /This key does not open this page/, 'get with another key');

        const typed = pageTitled('Private from the terminal');
        const run = cli(['share', '-', '--private'], { stdin: typed, env: { EPHEMERAL_APP: origin } });
        const link = await run.firstLine();
        assert(
          new RegExp(`^${origin}/[0-9a-f]{64}#k=[\\w-]{43}$`).test(link),
          `a private link in the browser's format: ${link}`,
        );
        const b = await visitor();
        await b.page.goto(link);
        await b.page.getByTestId('page-content').waitFor();
        assert((await pageText(b.page)).includes('Private from the terminal'), 'the browser opened the private page');
        await b.page
          .getByTestId('page-kind')
          .getByText(/private/i)
          .first()
          .waitFor();
        await expectHolders(b.page, 2);
        const { code } = await run.stop('SIGINT');
        assert(code === 0, `Ctrl-C exits 0, got ${code}`);
      },
    },
    {
      name: 'cli: hold keeps a page alive after its browser creator closes; a new visitor is served',
      async run() {
        const a = await visitor();
        const text = pageTitled('Kept alive by hold');
        const hash = await sharePage(a.page, origin, text);
        const run = cli(['hold', `${origin}/${hash}`]);
        await run.stderrShows(/holding the page · 2 holders/);
        await expectHolders(a.page, 2);
        await a.context.close();
        await run.stderrShows(/holding the page · 1 holder \(this terminal\)/);

        const c = await visitor();
        await c.page.goto(`${origin}/${hash}`);
        await c.page.getByTestId('page-content').waitFor();
        assert(
          (await pageText(c.page)).includes('Kept alive by hold'),
          'the new visitor got the page from the terminal',
        );
        await expectHolders(c.page, 2);
        const { code } = await run.stop('SIGTERM');
        assert(code === 0, `SIGTERM exits 0, got ${code}`);
        await expectHolders(c.page, 1);
      },
    },
    {
      name: 'cli: bad command lines, links, files and sizes get one clear line on stderr and a non-zero exit, never a stack trace',
      async run() {
        const nobody = sha256Hex('a page nobody holds, for the CLI tests');
        const big = join(dir, 'big.md');
        writeFileSync(big, Buffer.alloc(servers.pageMaxBytes + 1, 0x61));
        const nearlyFull = join(dir, 'nearly-full.md');
        writeFileSync(nearlyFull, Buffer.alloc(servers.pageMaxBytes - 10, 0x61));
        await expectErrors([
          [['get', 'notes.md'], 2, /"notes\.md" is not a page link/, 'a link that is not a URL'],
          [['get', `${origin}/about`], 2, /is not a page address/, 'a link that is not a page address'],
          [['get', `${origin}/${nobody}#k=short`], 2, /The key in the link is damaged/, 'a damaged key'],
          [
            ['share', join(dir, 'missing.md'), '--app', origin],
            1,
            /cannot read .*missing\.md: no such file/,
            'a missing file',
          ],
          [['share', dir, '--app', origin], 1, /cannot read .*: it is a directory/, 'a directory'],
          [
            ['share', big, '--app', origin],
            1,
            /is 65,537 bytes, over the limit of 65,536 bytes \(64 KB\)$/,
            'a page over PAGE_MAX_BYTES',
          ],
          [
            ['share', nearlyFull, '--app', origin, '--private'],
            1,
            /over the limit of 65,471 bytes \(63\.9 KB\) for a private page/,
            'a private page too large once sealed',
          ],
          [['share', big], 2, /share needs the web app's address: --app URL, or EPHEMERAL_APP/, 'no app'],
          [
            ['get', `${origin}/${nobody}`, '--timeout', 'soon'],
            2,
            /--timeout must be a number of seconds/,
            'a bad timeout',
          ],
          [['publish', big], 2, /unknown command "publish"/, 'an unknown command'],
        ]);
      },
    },
    {
      name: 'cli: an unreachable app or relay and a page nobody holds get one clear line on stderr and a non-zero exit',
      async run() {
        const closedPort = await freePort();
        const nobody = sha256Hex('a page nobody holds, for the CLI tests');
        const notes = join(dir, 'small.md');
        writeFileSync(notes, 'small');
        await expectErrors([
          [
            ['share', notes, '--app', `http://127.0.0.1:${closedPort}`],
            1,
            /cannot reach the app at http:\/\/127\.0\.0\.1:\d+: connection refused/,
            'an unreachable app',
          ],
          [
            ['get', `http://127.0.0.1:${closedPort}/${nobody}`],
            1,
            /cannot reach the app at/,
            'a link to an unreachable app',
          ],
          [
            ['share', notes, '--app', servers.realtimeUrl],
            1,
            /does not look like an Ephemeral P2P app: GET \/api\/config answered 404/,
            'an app address that is not the app',
          ],
          [
            ['share', notes, '--app', origin, '--realtime', `http://127.0.0.1:${closedPort}`],
            1,
            /cannot reach the relay at http:\/\/127\.0\.0\.1:\d+: connection refused/,
            'an unreachable relay',
          ],
          [
            ['get', `${origin}/${nobody}`, '--timeout', '1'],
            3,
            /no holder sent the page within 1 s: nobody holds it/,
            'a page nobody holds',
          ],
          [
            ['hold', `${origin}/${nobody}`, '--timeout', '1'],
            3,
            /no holder sent the page within 1 s/,
            'holding a page nobody holds',
          ],
        ]);
      },
    },
  ].map((test) => ({ ...test, after: cleanup }));
}

/** The CLI when the relay dies under it: run with the fault suite, which kills the sidecar. */
export function defineCliFaultTests({ browser, servers }) {
  const origin = servers.webOrigin;
  const { visitor, cli, cleanup } = cast(browser);

  return [
    {
      name: 'cli: hold reconnects after the sidecar is killed and restarted, and still serves the page once its creator has left',
      async run() {
        const a = await visitor();
        const hash = await sharePage(a.page, origin, pageTitled('Held through a sidecar restart'));
        const run = cli(['hold', `${origin}/${hash}`]);
        await run.stderrShows(/holding the page · 2 holders/);

        await servers.killSidecar();
        await run.stderrShows(/disconnected from the relay at .*; reconnecting/);
        await a.page.getByText('Connection to the relay lost').waitFor();
        // The terminal may be back before the restart is seen to be done: read on from its drop.
        const dropped = run.stderr.lastIndexOf('disconnected from the relay');
        await servers.startSidecar();
        await a.page.getByText('Connection to the relay lost').waitFor({ state: 'detached' });
        await expectHolders(a.page, 2);
        await waitFor(
          run,
          () => /holding the page · 2 holders/.test(run.stderr.slice(dropped)),
          'holding again, with the tab, after the restart',
        );
        assert(run.child.exitCode === null, 'hold is still running');

        await a.context.close();
        const c = await visitor();
        await c.page.goto(`${origin}/${hash}`);
        await c.page.getByTestId('page-content').waitFor();
        assert(
          (await pageText(c.page)).includes('Held through a sidecar restart'),
          'the new visitor got the page from the terminal',
        );
        const { code } = await run.stop('SIGTERM');
        assert(code === 0, `SIGTERM exits 0, got ${code}`);
      },
    },
  ].map((test) => ({ ...test, after: cleanup }));
}
