import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './errors';
import { parseHttpUrl, parsePageLink, type PageLink } from './link';

/** How long `get` and `hold` wait for a page's bytes unless `--timeout` says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** What the command line asks for, fully checked: every field is usable as is. */
export type Command =
  | { name: 'help'; topic?: CommandName }
  | { name: 'version' }
  | { name: 'share'; input: string; app: string; isPrivate: boolean; realtime: string | null }
  | {
      name: 'get';
      link: PageLink;
      timeoutMs: number;
      out: string | null;
      /** Write the bytes to a terminal even when they are not plain text. */
      raw: boolean;
      hold: boolean;
      realtime: string | null;
    }
  | { name: 'hold'; links: PageLink[]; timeoutMs: number; realtime: string | null };

export type CommandName = 'share' | 'get' | 'hold';

const realtime = { type: 'string' } as const;
const timeout = { type: 'string' } as const;
const help = { type: 'boolean', short: 'h' } as const;

const OPTIONS = {
  share: { app: { type: 'string' }, private: { type: 'boolean' }, realtime, help },
  get: {
    timeout,
    out: { type: 'string', short: 'o' },
    raw: { type: 'boolean' },
    hold: { type: 'boolean' },
    realtime,
    help,
  },
  hold: { timeout, realtime, help },
} satisfies Record<CommandName, ParseArgsConfig['options']>;

function isCommandName(word: string | undefined): word is CommandName {
  return word !== undefined && Object.hasOwn(OPTIONS, word);
}

/** Node's parseArgs messages run to several sentences and lines; the first says it. */
function firstSentence(message: string): string {
  return message
    .split('\n')[0]
    .replace(/\. .*$/, '')
    .replace(/\.$/, '');
}

function parseOptions(name: CommandName, args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS[name], allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${name}: ${firstSentence((error as Error).message)} (see ephemeral-p2p ${name} --help)`);
  }
}

function timeoutMs(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw usageError(`--timeout must be a number of seconds greater than 0, got "${text}"`);
  }
  return Math.round(seconds * 1000);
}

function realtimeUrl(text: string | undefined): string | null {
  return text === undefined ? null : parseHttpUrl(text, '--realtime').href.replace(/\/+$/, '');
}

/**
 * Reads the command line (without `node` and the script). `env` supplies
 * EPHEMERAL_APP. Throws a usage error, exit code 2, for anything it cannot use.
 */
export function parseCommand(argv: readonly string[], env: Record<string, string | undefined>): Command {
  const [word, ...rest] = argv;
  if (word === '--version' || word === '-V' || word === 'version') return { name: 'version' };
  if (word === undefined || word === '-h' || word === '--help' || word === 'help') {
    const topic = word === 'help' ? rest[0] : undefined;
    return isCommandName(topic) ? { name: 'help', topic } : { name: 'help' };
  }
  if (!isCommandName(word)) {
    throw usageError(`unknown command "${word}": use share, get or hold (see ephemeral-p2p --help)`);
  }
  const { values, positionals } = parseOptions(word, rest);
  if (values.help) return { name: 'help', topic: word };

  switch (word) {
    case 'share': {
      const v = values as { app?: string; private?: boolean; realtime?: string };
      if (positionals.length > 1)
        throw usageError(`share takes one FILE (or - for standard input), got ${positionals.length}`);
      const appText = v.app ?? env.EPHEMERAL_APP?.trim();
      if (!appText)
        throw usageError("share needs the web app's address: --app URL, or EPHEMERAL_APP in the environment");
      return {
        name: 'share',
        input: positionals[0] ?? '-',
        app: parseHttpUrl(appText, v.app === undefined ? 'EPHEMERAL_APP' : '--app').origin,
        isPrivate: v.private ?? false,
        realtime: realtimeUrl(v.realtime),
      };
    }
    case 'get': {
      const v = values as { timeout?: string; out?: string; raw?: boolean; hold?: boolean; realtime?: string };
      if (positionals.length !== 1) throw usageError(`get takes one LINK, got ${positionals.length}`);
      if (v.out === '') throw usageError('--out needs a file name');
      return {
        name: 'get',
        link: parsePageLink(positionals[0]),
        timeoutMs: timeoutMs(v.timeout),
        out: v.out ?? null,
        raw: v.raw ?? false,
        hold: v.hold ?? false,
        realtime: realtimeUrl(v.realtime),
      };
    }
    case 'hold': {
      const v = values as { timeout?: string; realtime?: string };
      if (positionals.length === 0) throw usageError('hold takes at least one LINK');
      return {
        name: 'hold',
        links: positionals.map(parsePageLink),
        timeoutMs: timeoutMs(v.timeout),
        realtime: realtimeUrl(v.realtime),
      };
    }
  }
}

export const USAGE: Record<'main' | CommandName, string> = {
  main: `ephemeral-p2p: share, fetch and keep alive Ephemeral P2P pages from a terminal.

Usage:
  ephemeral-p2p share [FILE|-] --app URL [--private]   share a file or standard input; hold it until Ctrl-C
  ephemeral-p2p get LINK [--out FILE] [--hold]         print a page (a terminal gets plain text only)
  ephemeral-p2p hold LINK...                           keep pages alive until Ctrl-C

Run "ephemeral-p2p COMMAND --help" for a command's options, "ephemeral-p2p --version" for the version.
EPHEMERAL_APP in the environment stands in for --app.`,
  share: `Usage: ephemeral-p2p share [FILE|-] --app URL [--private] [--realtime URL]

Reads FILE (or standard input when FILE is - or missing), prints the page's
link as the first line of standard output, then holds the page until Ctrl-C
or SIGTERM. Status goes to standard error.

  --app URL        the web app's address, e.g. http://localhost:3000 (or EPHEMERAL_APP)
  --private        encrypt the page; the key travels only in the link's #k=
  --realtime URL   use this relay instead of the one the app names`,
  get: `Usage: ephemeral-p2p get LINK [--timeout SECONDS] [--out FILE] [--raw] [--hold] [--realtime URL]

Fetches the page, checks its address, decrypts a private page with the key in
the link and writes its exact bytes to standard output (or FILE). A terminal
gets plain text only: a page with control characters or that is not UTF-8 is
refused there (a pipe or a file always gets the exact bytes).

  --timeout S      give up when no holder has sent it after S seconds (default ${DEFAULT_TIMEOUT_SECONDS})
  -o, --out FILE   write to FILE instead of standard output, atomically (0600 for a private page)
  --raw            write the bytes to a terminal as they are, controls and all
  --hold           keep holding the page afterwards, until Ctrl-C or SIGTERM
  --realtime URL   use this relay instead of the one the app names`,
  hold: `Usage: ephemeral-p2p hold LINK... [--timeout SECONDS] [--realtime URL]

Fetches each page and holds them all until Ctrl-C or SIGTERM, reconnecting to
the relay for as long as it runs: a keep-alive for pages you care about.

  --timeout S      give up on a page no holder has sent after S seconds (default ${DEFAULT_TIMEOUT_SECONDS})
  --realtime URL   use this relay instead of the one the app names`,
};
