import { DEFAULT_PAGE_MAX_BYTES } from '../lib/limits';
import { openRelaySocket, RelayClient, RelayError } from '../lib/relay-client';
import type { Page } from './page';
import type { Tally } from './tally';

const CONNECT_TIMEOUT_MS = 20_000;

/**
 * Opens one connection, a real socket.io-client over a WebSocket driven by the
 * app's relay client, whose every received event, acknowledgement, answer and
 * byte lands in `tally`. Counting hooks into events the client emits anyway:
 * no timer or extra state per connection.
 */
export function connectClient(url: string, tally: Tally): Promise<RelayClient> {
  const socket = openRelaySocket(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: CONNECT_TIMEOUT_MS,
  });
  // Bench pages are at most the relay's default limit.
  const client = new RelayClient(socket, { url, maxPageBytes: DEFAULT_PAGE_MAX_BYTES });
  socket.onAny((name: string) => tally.event(name));
  let lastHoldersAt: number | undefined;
  socket.on('page:holders', () => {
    const now = performance.now();
    if (lastHoldersAt !== undefined) tally.holdersGap(now - lastHoldersAt);
    lastHoldersAt = now;
  });
  client.on('ack', ({ event }) => tally.ack(event));
  client.on('request', () => tally.answers++);
  const connected = new Promise<RelayClient>((resolve, reject) => {
    const stop = client.on('connection', (status) => {
      if (status.state === 'connected') resolve(client);
      else if (status.state === 'refused') reject(new Error(`refused: ${status.refusal.message}`));
      else if (status.state === 'unreachable') reject(new Error(`unreachable: ${status.message}`));
      else return;
      stop();
    });
  });
  client.start();
  // The engine exists once the client has started connecting; the handshake's packets count too.
  socket.io.engine.on('packet', ({ type, data }) => {
    if (type !== 'message') return;
    // A text message carries a one-byte engine.io type prefix; binary ones do not.
    tally.bytesIn += typeof data === 'string' ? 1 + Buffer.byteLength(data) : (data as ArrayBuffer).byteLength;
  });
  return connected;
}

/** Holds `page` and resolves once the relay has acknowledged it; throws if refused. */
export async function hold(client: RelayClient, page: Page): Promise<void> {
  await client.hold(page.hash, page.bytes);
  const status = await client.announced(page.hash);
  if (status?.state !== 'holding') throw new Error(`page:have refused: ${describe(status)}`);
}

/**
 * Wants `page` and holds it once it arrives verified, reporting the ms from
 * the want to the verified content, as the seed describes a visitor; it
 * watches the count, as a tab showing the page does. Resolves once its
 * page:have is acknowledged.
 */
export async function visit(client: RelayClient, page: Page, onServed: (ms: number) => void): Promise<void> {
  client.watch(page.hash, true);
  const wantedAt = performance.now();
  try {
    await client.want(page.hash, { hold: true });
  } catch (err) {
    throw err instanceof RelayError ? new Error(`page:want refused: ${err.code}`) : err;
  }
  onServed(performance.now() - wantedAt);
  const status = await client.announced(page.hash);
  if (status?.state !== 'holding') throw new Error(`page:have refused: ${describe(status)}`);
}

function describe(status: ReturnType<RelayClient['holdStatus']>): string {
  if (status?.state === 'refused') return status.error;
  return status?.state ?? 'released';
}
