import type { RelayClient } from '../../lib/relay-client';
import type { Command } from '../args';
import { relayFor, type RelayTarget } from '../app-config';
import type { CommandContext } from '../context';
import { CliError, interrupted, type ExitCode } from '../errors';
import { fetchPage } from '../fetch-page';
import { holdUntilStopped, type HeldHere } from '../holding';
import { connect, createRelayClient } from '../relay';

/**
 * `hold`: fetches every page and holds them all until stopped, one client per
 * relay (links may come from several apps). A page that cannot be fetched is
 * reported and the others are held; when none can be, that is the error.
 */
export async function hold(command: Extract<Command, { name: 'hold' }>, context: CommandContext): Promise<ExitCode> {
  const { status, stop } = context;
  const relayOfApp = new Map<string, string>();
  // One client per relay, taking the largest page any of its apps allows.
  const relays = new Map<string, RelayTarget>();
  for (const { origin } of command.links) {
    if (relayOfApp.has(origin)) continue;
    const relay = await relayFor(origin, command.realtime, stop);
    relayOfApp.set(origin, relay.url);
    const known = relays.get(relay.url);
    relays.set(relay.url, known && known.maxPageBytes > relay.maxPageBytes ? known : relay);
  }
  const clients = new Map<string, RelayClient>();
  try {
    for (const [url, relay] of relays) {
      const client = createRelayClient(relay);
      clients.set(url, client);
      status.progress(`connecting to the relay at ${url}`);
      await connect(client, url, stop);
    }
  } catch (error) {
    for (const client of clients.values()) client.close();
    throw error;
  }

  const wanted = new Map<string, HeldHere & { link: string }>();
  for (const link of command.links) {
    const url = relayOfApp.get(link.origin)!;
    wanted.set(`${url} ${link.hash}`, {
      client: clients.get(url)!,
      url,
      hash: link.hash,
      link: `${link.origin}/${link.hash}`,
    });
  }
  status.progress(`fetching ${wanted.size === 1 ? 'the page' : `${wanted.size} pages`}`);
  const outcomes = await Promise.allSettled(
    [...wanted.values()].map((page) =>
      fetchPage(page.client, page.hash, {
        hold: true,
        timeoutMs: command.timeoutMs,
        stop,
        status: wanted.size === 1 ? status : undefined,
      }),
    ),
  );
  const held: HeldHere[] = [];
  const failures: CliError[] = [];
  [...wanted.values()].forEach((page, i) => {
    const outcome = outcomes[i];
    if (outcome.status === 'fulfilled') return void held.push(page);
    const error = outcome.reason instanceof CliError ? outcome.reason : new CliError(String(outcome.reason));
    failures.push(error);
    if (wanted.size > 1 && !stop.aborted) status.note(`cannot hold ${page.link}: ${error.message}`);
  });
  // A relay none of whose pages arrived has nothing to hold.
  for (const client of clients.values()) if (stop.aborted || !held.some((p) => p.client === client)) client.close();
  if (stop.aborted) throw interrupted();
  if (held.length === 0) {
    if (failures.length === 1) throw failures[0];
    throw new CliError(`none of the ${wanted.size} pages could be fetched`, failures[0].exitCode);
  }
  return holdUntilStopped(held, status, stop);
}
