import { evictionReason, type ConnectionStatus, type HoldStatus, type RelayClient } from '../lib/relay-client';
import type { PageHash } from '../lib/protocol';
import { EXIT, type ExitCode } from './errors';
import type { StatusLine } from './status';

/** A page held from this terminal, on the relay its client talks to. */
export interface HeldHere {
  client: RelayClient;
  url: string;
  hash: PageHash;
}

/** How long to wait before trying a relay again that refused or ended the connection, at most. */
const RESTART_MAX_MS = 30_000;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The holder count as people read it: the count includes this terminal. */
export function holdersText(holders: number | undefined): string {
  if (holders === undefined) return 'announcing';
  const others = holders - 1;
  return `${plural(holders, 'holder')} (this terminal${others > 0 ? ` and ${plural(others, 'other')}` : ''})`;
}

function connectionProblem(url: string, status: ConnectionStatus): string | null {
  switch (status.state) {
    case 'connected':
      return null;
    case 'refused':
      return `the relay at ${url} refused the connection (${status.refusal.message}); trying again`;
    case 'unreachable':
      return `cannot reach the relay at ${url}; trying again`;
    default:
      return `disconnected from the relay at ${url}; reconnecting`;
  }
}

function lostReason(status: HoldStatus): string | null {
  if (status.state === 'evicted') return `the relay dropped it because ${evictionReason(status.reason)}`;
  if (status.state === 'refused') return `the relay refused it: ${status.message}`;
  return null;
}

/**
 * Holds pages until `stop` fires, showing the connection and each page's
 * holder count, then leaves cleanly: `page:leave` for each page and a
 * disconnect, exit 0. A relay that refuses or ends the connection is tried
 * again with back-off for as long as this runs. Exit 1 when the relay drops
 * every page (an eviction or refusal), since there is nothing left to hold.
 */
export function holdUntilStopped(pages: HeldHere[], status: StatusLine, stop: AbortSignal): Promise<ExitCode> {
  const live = [...pages];
  const clients = [...new Map(pages.map((p) => [p.client, p.url])).entries()];
  const offs: (() => void)[] = [];
  const restarts = new Map<RelayClient, { timer?: NodeJS.Timeout; delay: number; closing: boolean }>();
  let stopping = false;

  // Until the relay has answered a page's page:have (again, after a reconnect), the last count heard is stale.
  const holdersOf = ({ client, hash }: HeldHere) =>
    client.holdStatus(hash)?.state === 'holding' ? client.holders(hash) : undefined;

  const render = () => {
    for (const [client, url] of clients) {
      const problem = connectionProblem(url, client.connection);
      if (problem) return status.show(problem);
    }
    if (live.length === 1) return status.show(`holding the page · ${holdersText(holdersOf(live[0]))}`);
    const counts = live.map((p) => `${p.hash.slice(0, 8)}… ${holdersOf(p) ?? '?'}`).join(', ');
    status.show(`holding ${live.length} pages · holders: ${counts}`);
  };

  return new Promise<ExitCode>((resolve) => {
    const finish = (code: ExitCode) => {
      stopping = true;
      for (const off of offs) off();
      for (const { timer } of restarts.values()) clearTimeout(timer);
      for (const page of live) page.client.stop(page.hash);
      for (const [client] of clients) client.close();
      if (code === EXIT.ok)
        status.show(`stopped holding ${live.length === 1 ? 'the page' : plural(live.length, 'page')}`);
      status.end();
      resolve(code);
    };

    for (const [client] of clients) {
      restarts.set(client, { delay: 1000, closing: false });
      offs.push(
        client.on('connection', (connection) => {
          const restart = restarts.get(client)!;
          if (connection.state === 'connected') restart.delay = 1000;
          // Socket.IO retries a dropped connection itself, but not a refusal or a disconnect by the relay.
          const ended = connection.state === 'refused' || connection.state === 'closed';
          if (ended && !stopping && !restart.closing && !restart.timer) {
            restart.timer = setTimeout(() => {
              restart.timer = undefined;
              restart.closing = true;
              client.close();
              restart.closing = false;
              client.start();
            }, restart.delay);
            restart.delay = Math.min(restart.delay * 2, RESTART_MAX_MS);
          }
          render();
        }),
        client.on('holders', render),
        client.on('hold', ({ hash, status: hold }) => {
          const reason = lostReason(hold);
          const at = live.findIndex((p) => p.client === client && p.hash === hash);
          if (reason && at !== -1) {
            live.splice(at, 1);
            status.note(`stopped holding ${hash}: ${reason}`);
            if (live.length === 0) return finish(EXIT.failed);
          }
          render();
        }),
      );
    }
    // The status line shows every held page's count: watch them, so the relay sends their changes.
    for (const page of live) page.client.watch(page.hash, true);
    if (stop.aborted) return finish(EXIT.ok);
    stop.addEventListener('abort', () => finish(EXIT.ok), { once: true });
    render();
  });
}
