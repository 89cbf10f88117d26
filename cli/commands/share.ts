import { SEALED_OVERHEAD, sealWithNewKey } from '../../lib/client/private-page';
import type { Command } from '../args';
import { fetchAppConfig } from '../app-config';
import { unlessStopped, writeAll, type CommandContext } from '../context';
import { CliError, type ExitCode } from '../errors';
import { holdUntilStopped } from '../holding';
import { openPageInput } from '../input';
import { formatPageLink } from '../link';
import { connect, createRelayClient } from '../relay';

/**
 * `share`: reads the page, seals it for `--private`, holds it on the relay
 * and, once the relay has acknowledged that this terminal holds it, prints
 * its link as the first line of standard output. Then holds until stopped.
 */
export async function share(command: Extract<Command, { name: 'share' }>, context: CommandContext): Promise<ExitCode> {
  const { status } = context;
  const input = await openPageInput(command.input, context.stdin);
  let content: Uint8Array;
  let realtimeUrl: string;
  let maxPageBytes: number;
  try {
    const config = await fetchAppConfig(command.app, context.stop);
    realtimeUrl = command.realtime ?? config.realtimeUrl;
    maxPageBytes = config.pageMaxBytes;
    // Sealing adds a header and a tag, and the sealed bytes must fit the relay's limit.
    const limit = command.isPrivate ? config.pageMaxBytes - SEALED_OVERHEAD : config.pageMaxBytes;
    if (command.input === '-' && (context.stdin as { isTTY?: boolean }).isTTY)
      status.note('reading the page from the terminal: end it with Ctrl-D');
    content = await unlessStopped(input.read(limit, command.isPrivate ? ' for a private page' : ''), context.stop);
  } finally {
    await input.close();
  }
  const page = command.isPrivate ? await sealWithNewKey(content) : { bytes: content, key: null };

  const client = createRelayClient({ url: realtimeUrl, maxPageBytes });
  status.progress(`connecting to the relay at ${realtimeUrl}`);
  await connect(client, realtimeUrl, context.stop);
  const hash = await client.share(page.bytes, page.key ? { key: page.key } : {});
  const announced = await unlessStopped(client.announced(hash), context.stop).catch((error: unknown) => {
    client.close();
    throw error;
  });
  if (announced?.state !== 'holding') {
    client.close();
    const why =
      announced?.state === 'refused' ? announced.message : 'it stopped holding the page before the relay confirmed it';
    throw new CliError(`the relay did not take the page: ${why}`);
  }
  status.clear();
  await writeAll(context.stdout, `${formatPageLink(command.app, hash, page.key)}\n`);
  return holdUntilStopped([{ client, url: realtimeUrl, hash }], status, context.stop);
}
