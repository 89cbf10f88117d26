/**
 * The wire contract between browsers, the realtime sidecar and any other client,
 * typed once here (docs/PROTOCOL.md: v1, v2 and what was added since). The server uses these as
 * `Server<ClientToServerEvents, ServerToClientEvents>`, the client reversed.
 */

/**
 * The protocol version this code speaks. A v2 client sends it in the
 * handshake's `auth`; a client that sends none is a v1 client and keeps
 * working with every v1 event and ack shape.
 */
export const PROTOCOL_VERSION = 2;

/** Versions the sidecar accepts in the handshake. */
export const SUPPORTED_PROTOCOLS: readonly number[] = [1, 2];

/** What a client puts in the Socket.IO handshake's `auth`. */
export interface HandshakeAuth {
  protocol?: number;
}

/** Why the sidecar refused a connection at the handshake. */
export const REFUSAL_CODES = [
  'origin_refused',
  'unsupported_protocol',
  'too_many_connections',
  'websocket_required',
  // Added with MAX_CONNECTIONS: every client may get it, v1 included; one that does not know it shows its message.
  'relay_full',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

/**
 * A refused handshake, as the `data` of the client's `connect_error`, so a
 * client can tell people why it cannot connect instead of retrying in silence.
 */
export interface Refusal {
  code: RefusalCode;
  message: string;
}

/** Lowercase hex SHA-256 of a page's bytes: the page's address. */
export type PageHash = string;

/**
 * A page's bytes as Socket.IO delivers them: a `Buffer` in Node (a `Uint8Array`),
 * an `ArrayBuffer` in the browser.
 */
export type PageBytes = Uint8Array | ArrayBuffer;

/** Every failure code an acknowledgement may carry. */
export const ERROR_CODES = [
  'bad_request',
  'bad_hash',
  'too_large',
  'rate_limited',
  'too_many_pages',
  // v2: a connection announced a page it was evicted from (v1 connections get bad_request).
  'evicted',
] as const;

/** Why an acknowledged request failed. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failed request: a machine-readable code and a sentence for people. */
export interface Failure {
  ok: false;
  error: ErrorCode;
  message: string;
}

/** Every acknowledgement: `{ ok: true, ...T }` or a {@link Failure}. */
export type Ack<T extends object = object> = ({ ok: true } & T) | Failure;

/** Payload of `page:have`, `page:want` and `page:leave`. */
export interface PageRef {
  hash: PageHash;
}

/** Payload of `page:watch` (v2): start (`watch: true`) or stop showing this page's count. */
export interface WatchRef {
  hash: PageHash;
  watch: boolean;
}

/** Success of `page:have`, `page:want` and `page:watch`: the page's live holder count. */
export interface HoldersAck {
  holders: number;
}

/** Why a holder was dropped from a page. */
export type EvictReason = 'bad_bytes' | 'too_large' | 'timeout';

/**
 * A holder's answer to `page:request`: the bytes, or `{ ok: false }` when it no
 * longer holds the page.
 */
export type RequestAnswer = { ok: true; bytes: PageBytes } | { ok: false };

/** Events a client sends; each takes an acknowledgement callback. */
export interface ClientToServerEvents {
  /** I hold this page: ask me for it. Idempotent. */
  'page:have': (ref: PageRef, ack: (res: Ack<HoldersAck>) => void) => void;
  /**
   * Send me this page. Stays registered until the bytes arrive, `page:leave`
   * or disconnect, even while the page has no holder.
   */
  'page:want': (ref: PageRef, ack: (res: Ack<HoldersAck>) => void) => void;
  /** Stop holding or wanting this page. */
  'page:leave': (ref: PageRef, ack: (res: Ack) => void) => void;
  /**
   * v2: this connection shows the page's count (`watch: true`) or no longer
   * does. Only a connection that holds or wants the page may watch it; a
   * holder gets `page:holders` only while it watches. Acked with the count.
   */
  'page:watch': (ref: WatchRef, ack: (res: Ack<HoldersAck>) => void) => void;
}

/** Events the server sends. */
export interface ServerToClientEvents {
  /** Sent to one holder, which answers through the acknowledgement. */
  'page:request': (ref: PageRef, answer: (res: RequestAnswer) => void) => void;
  /** The verified page, sent once to each waiting visitor. */
  'page:content': (content: { hash: PageHash; bytes: PageBytes }) => void;
  /**
   * The page's live holder count, to its waiting visitors and watching
   * holders: coalesced per page, and sent only when the shown figure changes.
   */
  'page:holders': (count: { hash: PageHash; holders: number }) => void;
  /** v2: this connection became (`sole: true`) or stopped being the page's only holder. */
  'page:sole': (notice: { hash: PageHash; sole: boolean }) => void;
  /** This connection served wrong bytes or failed to answer and no longer holds the page. */
  'page:evicted': (notice: { hash: PageHash; reason: EvictReason }) => void;
}
