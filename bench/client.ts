import { io, type Socket } from 'socket.io-client';
import { sha256Hex } from '../lib/hash';
import type { Ack, ClientToServerEvents, HoldersAck, ServerToClientEvents } from '../lib/protocol';
import type { Page } from './page';
import type { Tally } from './tally';

/** A benchmark connection: a real socket.io-client over a WebSocket. */
export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONNECT_TIMEOUT_MS = 20_000;

/** Opens one connection whose every received event and byte lands in `tally`. */
export function connectClient(url: string, tally: Tally): Promise<BenchSocket> {
  const socket: BenchSocket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: CONNECT_TIMEOUT_MS,
  });
  socket.onAny((name: string) => tally.event(name));
  let lastHoldersAt: number | undefined;
  socket.on('page:holders', () => {
    const now = performance.now();
    if (lastHoldersAt !== undefined) tally.holdersGap(now - lastHoldersAt);
    lastHoldersAt = now;
  });
  socket.io.engine.on('packet', ({ type, data }) => {
    if (type !== 'message') return;
    // A text message carries a one-byte engine.io type prefix; binary ones do not.
    tally.bytesIn += typeof data === 'string' ? 1 + Buffer.byteLength(data) : (data as ArrayBuffer).byteLength;
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Emits page:have or page:want and waits for its ack. */
async function announce(
  socket: BenchSocket,
  tally: Tally,
  event: 'page:have' | 'page:want',
  page: Page,
): Promise<Ack<HoldersAck>> {
  const res = await socket.emitWithAck(event, { hash: page.hash });
  tally.ack(event);
  return res;
}

/** Makes a connection serve `page` to page:request, then announces it. */
export function hold(socket: BenchSocket, tally: Tally, page: Page): Promise<Ack<HoldersAck>> {
  socket.on('page:request', ({ hash }, answer) => {
    tally.answers++;
    answer(hash === page.hash ? { ok: true, bytes: page.bytes } : { ok: false });
  });
  return announce(socket, tally, 'page:have', page);
}

/**
 * Wants `page`; on the first content that verifies, reports the ms from
 * page:want to verified content, then announces page:have as the seed
 * describes. Resolves once that announcement is acknowledged.
 */
export function visit(socket: BenchSocket, tally: Tally, page: Page, onServed: (ms: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let served = false;
    const onContent = async ({ hash, bytes }: { hash: string; bytes: ArrayBuffer | Uint8Array }) => {
      if (served || hash !== page.hash) return;
      // Checked again after hashing: another copy may have verified meanwhile.
      if ((await sha256Hex(bytes)) !== page.hash || served) return;
      served = true;
      onServed(performance.now() - wantedAt);
      hold(socket, tally, page).then((res) => {
        if (res.ok) resolve();
        else reject(new Error(`page:have refused: ${res.error}`));
      }, reject);
    };
    socket.on('page:content', onContent);
    const wantedAt = performance.now();
    announce(socket, tally, 'page:want', page).then((res) => {
      if (!res.ok) reject(new Error(`page:want refused: ${res.error}`));
    }, reject);
  });
}
