import { fakeApp, runCli } from '../helpers/cli-process';

/** A file that retitles the terminal, turns it red and clears it: OSC 0, SGR, ED. */
const HOSTILE = Buffer.from('title: \x1b]0;PWNED\x07\x1b[31mred\x1b[2J\n');
/** The start of an ELF binary: not UTF-8. */
const BINARY = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe]);
const TEXT = Buffer.from('# Notes\n\tindented\r\nwindows line\nünïcödé\n');

let app: Awaited<ReturnType<typeof fakeApp>>;
beforeAll(async () => {
  app = await fakeApp([HOSTILE, BINARY, TEXT]);
});
afterAll(() => app.close());

jest.setTimeout(30_000);

test('on a terminal, a page with control characters is refused, saying what to do instead', async () => {
  const run = await runCli(['get', app.link(0)], { tty: true });
  expect(run.code).toBe(1);
  const screen = run.stdout.toString('latin1');
  expect(screen).not.toContain('PWNED');
  expect(screen).not.toContain('\x1b]');
  expect(screen).toContain(
    'not printed: the page contains control characters (U+001B first), which a terminal would act on',
  );
  expect(screen).toContain('--out FILE');
  expect(screen).toContain('--raw');
});

test('on a terminal, a page that is not UTF-8 is refused', async () => {
  const run = await runCli(['get', app.link(1)], { tty: true });
  expect(run.code).toBe(1);
  expect(run.stdout.toString('latin1')).toContain('not printed: the page is not UTF-8 text');
  expect(run.stdout.includes(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))).toBe(false);
});

test('on a terminal, plain text (newlines, tabs, CRLF, any script) prints; --raw prints anything as it is', async () => {
  const text = await runCli(['get', app.link(2)], { tty: true });
  expect(text.code).toBe(0);
  expect(text.stdout.toString('utf8')).toContain('ünïcödé');
  const raw = await runCli(['get', app.link(0), '--raw'], { tty: true });
  expect(raw.code).toBe(0);
  expect(raw.stdout.toString('latin1')).toContain('\x1b]0;PWNED\x07');
});

test('a pipe always gets the exact bytes', async () => {
  for (const [i, bytes] of [HOSTILE, BINARY].entries()) {
    const run = await runCli(['get', app.link(i)]);
    expect(run.code).toBe(0);
    expect(run.stdout.equals(bytes)).toBe(true);
  }
});

test("the relay's refusal reaches stderr without its control characters", async () => {
  const refusing = await fakeApp([], { refusal: '\x1b]0;PWNED\x07\x1b[2Jno such page\u202e' });
  const run = await runCli(['get', `${refusing.origin}/${'0'.repeat(64)}`]);
  await refusing.close();
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('ephemeral-p2p: the relay could not send the page: ]0;PWNED[2Jno such page\n');
});
