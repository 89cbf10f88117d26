import { openRelaySocket, RelayClient, type ConnectionStatus, type RelaySocketOptions } from '../lib/relay-client';
import { networkProblem, type RelayTarget } from './app-config';
import { CliError, interrupted as stopped } from './errors';

/**
 * Reconnection back-off: Socket.IO doubles the wait from 1 s up to 10 s (with
 * jitter) and never gives up, so a holder on a flaky link comes back soon
 * after the relay does without hammering it while it is down.
 */
const RECONNECTION = { reconnectionDelay: 1000, reconnectionDelayMax: 10_000 };

/** Room for a message's Socket.IO framing beside a page of the largest size. */
const FRAMING_BYTES = 4096;

/**
 * A relay client for a terminal. WebSocket only: `ws` refuses any message
 * over `maxPayload` before buffering it, so a hostile relay cannot make the
 * CLI hold more than about one page per message (long-polling reads whole
 * HTTP bodies, with no such bound).
 */
export function createRelayClient({ url, maxPageBytes }: RelayTarget): RelayClient {
  const socket = openRelaySocket(url, {
    transports: ['websocket'],
    maxPayload: maxPageBytes + FRAMING_BYTES,
    ...RECONNECTION,
  } as RelaySocketOptions);
  return new RelayClient(socket, { url, maxPageBytes });
}

/**
 * Why the relay at `url` could not be reached, in words. Socket.IO only says
 * "xhr poll error", so ask the relay's health endpoint for the network's reason.
 */
async function unreachable(url: string, socketMessage: string): Promise<CliError> {
  try {
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    return new CliError(`cannot reach the relay at ${url}: ${networkProblem(error)}`);
  }
  return new CliError(`the relay at ${url} answers, but not as a relay (${socketMessage})`);
}

/** The refusal or network failure that ended a first connection, as a CliError. */
export async function connectionFailure(url: string, status: ConnectionStatus): Promise<CliError> {
  if (status.state === 'refused')
    return new CliError(`the relay at ${url} refused the connection: ${status.refusal.message}`);
  if (status.state === 'unreachable') return unreachable(url, status.message);
  return new CliError(`the relay at ${url} closed the connection`);
}

/**
 * Starts the client and resolves once it is connected. The first failure
 * (refused, unreachable) ends the attempt with a CliError, and the client is
 * closed: a command that has not connected yet has nothing to keep alive.
 */
export function connect(client: RelayClient, url: string, interrupted: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const cleanups: (() => void)[] = [];
    const finish = (error?: Promise<CliError> | CliError) => {
      if (settled) return;
      settled = true;
      for (const cleanup of cleanups) cleanup();
      if (!error) return resolve();
      client.close();
      void Promise.resolve(error).then(reject);
    };
    const onInterrupt = () => finish(stopped());
    cleanups.push(
      client.on('connection', (status) => {
        if (status.state === 'connected') finish();
        else if (status.state !== 'connecting' && status.state !== 'reconnecting')
          finish(connectionFailure(url, status));
      }),
      () => interrupted.removeEventListener('abort', onInterrupt),
    );
    interrupted.addEventListener('abort', onInterrupt, { once: true });
    client.start();
    if (client.connection.state === 'connected') finish();
  });
}
