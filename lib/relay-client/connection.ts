import type { RelayClientEvents } from './client-events';
import type { Emit } from './emitter';
import type { RelaySocket } from './socket';
import { refusalOf, type ConnectionStatus } from './status';

/**
 * After a `relay_full` refusal: the relay's Retry-After (5 s), spread over a
 * few more so a full relay's refused tabs do not all come back at once.
 */
const FULL_RETRY_MS = 5000;
const FULL_RETRY_SPREAD_MS = 5000;

/**
 * The client's connection status, read from the socket's events, and the one
 * retry Socket.IO does not make on its own: after a full relay's refusal.
 */
export class Connection {
  private current: ConnectionStatus = { state: 'connecting' };
  private fullRetry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: RelaySocket,
    /** The relay's address, named when it cannot be reached. */
    private readonly url: string,
    private readonly emit: Emit<RelayClientEvents>,
  ) {}

  get status(): ConnectionStatus {
    return this.current;
  }

  connected(): void {
    this.set({ state: 'connected' });
  }

  dropped(): void {
    // `active` stays true on a socket made with `reconnection: false`, which will not come back.
    const retrying = this.socket.active && this.socket.io.reconnection();
    this.set(retrying ? { state: 'reconnecting' } : { state: 'closed' });
  }

  failed(err: Error): void {
    const refusal = refusalOf(err);
    this.set(refusal ? { state: 'refused', refusal } : { state: 'unreachable', url: this.url, message: err.message });
    // Socket.IO retries no refusal; a full relay is the one that passes on its own (its message says it retries).
    if (refusal?.code === 'relay_full' && this.socket.io.reconnection()) {
      clearTimeout(this.fullRetry);
      this.fullRetry = setTimeout(() => this.socket.connect(), FULL_RETRY_MS + Math.random() * FULL_RETRY_SPREAD_MS);
    }
  }

  closed(): void {
    clearTimeout(this.fullRetry);
    this.set({ state: 'closed' });
  }

  private set(status: ConnectionStatus): void {
    this.current = status;
    this.emit('connection', status);
  }
}
