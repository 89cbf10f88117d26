import type { Refusal } from '@/lib/protocol';
import type { RelaySocket } from '@/lib/relay-client';

type Handler = (...args: unknown[]) => void;

/** One event the client sent, with the way to answer it as the relay would. */
export interface Sent {
  event: string;
  payload: unknown;
  /** Acknowledges with `res`. */
  reply: (res: unknown) => void;
  /** Lets Socket.IO's ack timeout fire (only for an emit made through `timeout()`). */
  timeOut: () => void;
}

/**
 * Just enough of a socket.io-client socket to drive the relay client by hand:
 * it records what is sent and fires what the relay or the transport would.
 */
export class FakeSocket {
  connected = false;
  /** Socket.IO's "will reconnect on its own". */
  active = false;
  auth: Record<string, unknown> = {};
  /** The manager's setting: whether Socket.IO reconnects after a drop. */
  io = { reconnection: () => this.reconnection };
  reconnection = true;
  sent: Sent[] = [];
  private handlers = new Map<string, Handler[]>();

  /** The fake as the client's socket type. */
  get socket(): RelaySocket {
    return this as unknown as RelaySocket;
  }

  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  off(event: string, handler: Handler) {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((h) => h !== handler),
    );
    return this;
  }
  /** The handshake succeeds at once. */
  connect() {
    this.connected = true;
    this.active = true;
    this.fire('connect');
    return this;
  }
  disconnect() {
    const was = this.connected;
    this.connected = false;
    this.active = false;
    if (was) this.fire('disconnect', 'io client disconnect');
    return this;
  }
  /** The transport closes; Socket.IO would reconnect. */
  drop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  /** The relay's middleware refuses the handshake; Socket.IO does not retry that. */
  refuse(refusal: Refusal) {
    this.active = false;
    this.fire('connect_error', Object.assign(new Error(refusal.message), { data: refusal }));
  }
  /** Nothing answers at the relay's address. */
  unreachable() {
    this.fire('connect_error', new Error('xhr poll error'));
  }
  timeout() {
    return { emit: (event: string, payload: unknown, ack: Handler) => this.record(event, payload, ack, true) };
  }
  emit(event: string, payload: unknown, ack: Handler) {
    this.record(event, payload, ack, false);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  /** How many handlers listen to `event`. */
  listeners(event: string): number {
    return this.handlers.get(event)?.length ?? 0;
  }
  /** Every `event` sent so far, forgetting them. */
  take(event: string): Sent[] {
    const taken = this.sent.filter((s) => s.event === event);
    this.sent = this.sent.filter((s) => s.event !== event);
    return taken;
  }
  /** The payloads of every `event` sent so far, forgetting them. */
  payloads(event: string): unknown[] {
    return this.take(event).map((s) => s.payload);
  }

  private record(event: string, payload: unknown, ack: Handler, timed: boolean) {
    this.sent.push({
      event,
      payload,
      reply: (res) => (timed ? ack(null, res) : ack(res)),
      timeOut: () => ack(new Error('operation has timed out')),
    });
  }
}
