import { Decoder, Encoder } from 'socket.io-parser';

/**
 * Socket.IO's parser, allowed one binary attachment per packet: the protocol's
 * only binary is a page's bytes. A packet announcing more closes its connection.
 */
class OneAttachmentDecoder extends Decoder {
  constructor() {
    super({ maxAttachments: 1 });
  }
}

export const parser = { Encoder, Decoder: OneAttachmentDecoder };

/** What the guard needs of an engine.io connection. */
interface EngineConnection {
  /** engine.io's transport; a long-polling one receives each POST body through `onData`. */
  transport: { name: string; onData?: (data: unknown) => void };
  on(event: 'packet', listener: () => void): unknown;
  on(event: 'data', listener: (data: unknown) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  close(): unknown;
}

// engine.io's separator between the packets of one long-polling payload.
const PACKET_SEPARATOR = '\x1e';

/** True when the payload holds more than `max` packets; stops counting there. */
function morePacketsThan(payload: string, max: number): boolean {
  let at = payload.indexOf(PACKET_SEPARATOR);
  for (let separators = 0; at !== -1; separators++) {
    if (separators >= max) return true;
    at = payload.indexOf(PACKET_SEPARATOR, at + 1);
  }
  return false;
}

// socket.io-parser packet types whose attachments follow in separate messages.
const BINARY_EVENT = '5';
const BINARY_ACK = '6';

/**
 * Limits on what one engine.io connection may send at once:
 * - at most `maxPacketsPerBurst` packets in one burst: a long-polling POST
 *   body holding more is refused before engine.io decodes it (a megabyte of
 *   tiny packets would hold the event loop for everyone), and past that many
 *   WebSocket frames read in one go the connection is closed and the rest
 *   skipped unread;
 * - a binary packet's attachment must follow its header within
 *   `unfinishedPacketMs`, or the connection is closed and the parser's partial
 *   packet freed.
 */
export function guardConnection(
  conn: EngineConnection,
  limits: { maxPacketsPerBurst: number; unfinishedPacketMs: number },
  onClosed: (reason: 'packet_burst' | 'unfinished_packet') => void,
): void {
  let burst = 0;
  let unfinished: ReturnType<typeof setTimeout> | undefined;
  const shut = (reason: 'packet_burst' | 'unfinished_packet') => {
    onClosed(reason);
    conn.close();
  };

  const polling = conn.transport;
  const decode = polling.onData;
  if (polling.name === 'polling' && decode) {
    // engine.io has no hook before it splits a payload: wrap this transport's own entry point.
    polling.onData = (data) => {
      if (typeof data === 'string' && morePacketsThan(data, limits.maxPacketsPerBurst)) shut('packet_burst');
      else decode.call(polling, data);
    };
  }
  conn.on('packet', () => {
    if (burst === 0) setImmediate(() => (burst = 0));
    if (++burst === limits.maxPacketsPerBurst + 1) shut('packet_burst');
  });
  conn.on('data', (data) => {
    if (typeof data === 'string') {
      if ((data[0] === BINARY_EVENT || data[0] === BINARY_ACK) && !unfinished) {
        unfinished = setTimeout(() => shut('unfinished_packet'), limits.unfinishedPacketMs);
      }
    } else {
      clearTimeout(unfinished);
      unfinished = undefined;
    }
  });
  conn.once('close', () => clearTimeout(unfinished));
}
