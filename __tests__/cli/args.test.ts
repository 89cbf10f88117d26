import { DEFAULT_TIMEOUT_SECONDS, parseCommand } from '../../cli/args';
import { CliError, EXIT } from '../../cli/errors';

const HASH = 'a'.repeat(64);
const KEY = Buffer.alloc(32, 7).toString('base64url');

function usage(argv: string[], env = {}): string {
  try {
    parseCommand(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.usage);
    return (error as CliError).message;
  }
  throw new Error(`parsed ${argv.join(' ')} without complaint`);
}

describe('parseCommand', () => {
  it('shares a file on the app given by --app, publicly by default', () => {
    expect(parseCommand(['share', 'notes.md', '--app', 'http://localhost:3000/'], {})).toEqual({
      name: 'share',
      input: 'notes.md',
      app: 'http://localhost:3000',
      isPrivate: false,
      realtime: null,
    });
  });

  it('reads standard input without a FILE or with -, and takes the app from EPHEMERAL_APP', () => {
    const env = { EPHEMERAL_APP: 'https://p2p.example' };
    expect(parseCommand(['share', '--private'], env)).toMatchObject({
      input: '-',
      app: 'https://p2p.example',
      isPrivate: true,
    });
    expect(parseCommand(['share', '-'], env)).toMatchObject({ input: '-' });
  });

  it('lets --app win over EPHEMERAL_APP', () => {
    expect(parseCommand(['share', 'a', '--app', 'http://one:3000'], { EPHEMERAL_APP: 'http://two' })).toMatchObject({
      app: 'http://one:3000',
    });
  });

  it('gets a link with the default timeout, to standard output, without holding', () => {
    expect(parseCommand(['get', `http://localhost:3000/${HASH}`], {})).toEqual({
      name: 'get',
      link: { origin: 'http://localhost:3000', hash: HASH, key: null },
      timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
      out: null,
      raw: false,
      hold: false,
      realtime: null,
    });
  });

  it('reads get options in any order', () => {
    const link = `https://p2p.example/${HASH}#k=${KEY}`;
    expect(
      parseCommand(
        ['get', '--hold', '-o', 'page.md', link, '--raw', '--timeout', '2.5', '--realtime', 'http://rt:4000/'],
        {},
      ),
    ).toMatchObject({
      link: { origin: 'https://p2p.example', hash: HASH, key: KEY },
      timeoutMs: 2500,
      out: 'page.md',
      raw: true,
      hold: true,
      realtime: 'http://rt:4000',
    });
  });

  it('holds every link given', () => {
    const other = 'b'.repeat(64);
    const command = parseCommand(['hold', `http://a/${HASH}`, `http://a/${other}`], {});
    expect(command).toMatchObject({ name: 'hold', links: [{ hash: HASH }, { hash: other }] });
  });

  it('answers help however it is asked', () => {
    expect(parseCommand([], {})).toEqual({ name: 'help' });
    expect(parseCommand(['--help'], {})).toEqual({ name: 'help' });
    expect(parseCommand(['help', 'get'], {})).toEqual({ name: 'help', topic: 'get' });
    expect(parseCommand(['hold', '-h'], {})).toEqual({ name: 'help', topic: 'hold' });
  });

  it('refuses a bad command line with one sentence, exit code 2', () => {
    expect(usage(['publish'])).toBe('unknown command "publish": use share, get or hold (see ephemeral-p2p --help)');
    expect(usage(['share', 'a.md'])).toBe(
      "share needs the web app's address: --app URL, or EPHEMERAL_APP in the environment",
    );
    expect(usage(['share', 'a.md', '--app', 'localhost:3000'])).toBe(
      '--app must be an http(s) URL such as http://localhost:3000, got "localhost:3000"',
    );
    expect(usage(['share', 'a.md'], { EPHEMERAL_APP: 'ftp://x' })).toContain('EPHEMERAL_APP must be an http(s) URL');
    expect(usage(['share', 'a.md', 'b.md', '--app', 'http://x'])).toBe(
      'share takes one FILE (or - for standard input), got 2',
    );
    expect(usage(['share', '--app'])).toBe(
      "share: Option '--app <value>' argument missing (see ephemeral-p2p share --help)",
    );
    expect(usage(['get', `http://a/${HASH}`, '--private'])).toBe(
      "get: Unknown option '--private' (see ephemeral-p2p get --help)",
    );
    expect(usage(['get'])).toBe('get takes one LINK, got 0');
    expect(usage(['get', `http://a/${HASH}`, '--timeout', '0'])).toBe(
      '--timeout must be a number of seconds greater than 0, got "0"',
    );
    expect(usage(['get', `http://a/${HASH}`, '--timeout', 'soon'])).toBe(
      '--timeout must be a number of seconds greater than 0, got "soon"',
    );
    expect(usage(['get', `http://a/${HASH}`, '--realtime', 'ws://rt'])).toContain('--realtime must be an http(s) URL');
    expect(usage(['hold'])).toBe('hold takes at least one LINK');
    expect(usage(['hold', `http://a/${HASH}`, 'http://a/nope'])).toContain('"http://a/nope" is not a page address');
  });

  it('never puts a line break in a message', () => {
    expect(usage(['get', '--timeout', '--hold'])).not.toContain('\n');
  });
});
