import { connectClient, hold, type BenchSocket } from './client';
import type { Page } from './page';
import type { Tally } from './tally';

/**
 * The connections of one run, spread round-robin over the server URLs so a
 * multi-node cluster can be loaded the same way as one node.
 */
export class Crowd {
  private readonly sockets: BenchSocket[] = [];
  private next = 0;

  constructor(
    private readonly urls: readonly string[],
    readonly tally: Tally,
  ) {}

  async connect(): Promise<BenchSocket> {
    const url = this.urls[this.next++ % this.urls.length];
    const socket = await connectClient(url, this.tally);
    this.sockets.push(socket);
    return socket;
  }

  /** Connects `count` holders of `page`, `batch` at a time so the handshakes do not all pile up. */
  async addHolders(count: number, page: Page, batch = 200): Promise<void> {
    for (let done = 0; done < count; done += batch) {
      const size = Math.min(batch, count - done);
      await Promise.all(
        Array.from({ length: size }, async () => {
          const res = await hold(await this.connect(), this.tally, page);
          if (!res.ok) throw new Error(`page:have refused: ${res.error} ${res.message}`);
        }),
      );
    }
  }

  /** Opens `count` connections that do nothing, `batch` at a time. */
  async addIdle(count: number, batch = 500): Promise<void> {
    for (let done = 0; done < count; done += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, count - done) }, () => this.connect()));
    }
  }

  close(): void {
    for (const socket of this.sockets) socket.disconnect();
    this.sockets.length = 0;
  }
}
