import { isSealedPage } from '../../lib/client/private-page';
import type { Command } from '../args';
import { relayFor } from '../app-config';
import { writeAll, type CommandContext } from '../context';
import { CliError, EXIT, type ExitCode } from '../errors';
import { fetchPage } from '../fetch-page';
import { holdUntilStopped } from '../holding';
import { pageContent } from '../page-bytes';
import { connect, createRelayClient } from '../relay';
import { notPlainText } from '../terminal-text';
import { writeFileAtomic } from '../write-file';

/** A private page's text is for whoever has the link, not for every local user; a public page's follows the umask. */
const PRIVATE_MODE = 0o600;
const PUBLIC_MODE = 0o666;

/** Standard output for the page, unless it is a terminal and the page is not plain text. */
async function writeToStdout(context: CommandContext, content: Uint8Array, raw: boolean): Promise<void> {
  const problem = raw || !(context.stdout as { isTTY?: boolean }).isTTY ? null : notPlainText(content);
  if (problem) {
    throw new CliError(`not printed: the page ${problem}; save it with --out FILE, or print it as it is with --raw`);
  }
  await writeAll(context.stdout, content);
}

/**
 * `get`: fetches and verifies the page, opens a private one with the link's
 * key and writes the exact bytes. With `--hold` it then holds the page (its
 * sealed bytes, for a private page) until stopped; otherwise it leaves at once.
 */
export async function get(command: Extract<Command, { name: 'get' }>, context: CommandContext): Promise<ExitCode> {
  const { link } = command;
  const { status, stop } = context;
  const relay = await relayFor(link.origin, command.realtime, stop);
  const realtimeUrl = relay.url;
  const client = createRelayClient(relay);
  status.progress(`connecting to the relay at ${realtimeUrl}`);
  await connect(client, realtimeUrl, stop);
  let content: Uint8Array;
  try {
    const bytes = await fetchPage(client, link.hash, {
      hold: command.hold,
      timeoutMs: command.timeoutMs,
      stop,
      status,
    });
    // Opened before anything is written: a wrong key leaves no file behind.
    content = await pageContent(bytes, link.key);
    status.clear();
    if (command.out) await writeFileAtomic(command.out, content, isSealedPage(bytes) ? PRIVATE_MODE : PUBLIC_MODE);
    else await writeToStdout(context, content, command.raw);
  } catch (error) {
    client.close();
    throw error;
  }
  if (!command.hold) {
    client.close();
    // On a terminal that shows the page itself, a status line would overwrite its last line.
    if (command.out) status.progress(`wrote ${content.length} bytes to ${command.out}`);
    status.end();
    return EXIT.ok;
  }
  return holdUntilStopped([{ client, url: realtimeUrl, hash: link.hash }], status, stop);
}
