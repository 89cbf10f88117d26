import { writeFile } from 'node:fs/promises';
import type { Command } from '../args';
import { relayFor } from '../app-config';
import { writeAll, type CommandContext } from '../context';
import { CliError, EXIT, type ExitCode } from '../errors';
import { fetchPage } from '../fetch-page';
import { holdUntilStopped } from '../holding';
import { pageContent } from '../page-bytes';
import { connect, createRelayClient } from '../relay';

const WRITE_ERRORS: Record<string, string> = {
  ENOENT: 'no such directory',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

async function writeOut(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFile(path, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot write ${path}: ${(code && WRITE_ERRORS[code]) ?? (error as Error).message}`);
  }
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
    if (command.out) await writeOut(command.out, content);
    else await writeAll(context.stdout, content);
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
