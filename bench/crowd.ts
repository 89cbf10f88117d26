import type { RelayClient } from '../lib/relay-client';
import { connectClient, hold } from './client';
import type { Page } from './page';
import type { Tally } from './tally';

/**
 * The connections of one run, spread round-robin over the server URLs so a
 * multi-node cluster can be loaded the same way as one node.
 */
export class Crowd {
  private readonly clients: RelayClient[] = [];
  private next = 0;

  constructor(
    private readonly urls: readonly string[],
    readonly tally: Tally,
  ) {}

  async connect(): Promise<RelayClient> {
    const url = this.urls[this.next++ % this.urls.length];
    const client = await connectClient(url, this.tally);
    this.clients.push(client);
    return client;
  }

  /** Connects `count` holders of `page`, `batch` at a time so the handshakes do not all pile up. */
  async addHolders(count: number, page: Page, batch = 200): Promise<void> {
    for (let done = 0; done < count; done += batch) {
      const size = Math.min(batch, count - done);
      await Promise.all(Array.from({ length: size }, async () => hold(await this.connect(), page)));
    }
  }

  /** Opens `count` connections that do nothing, `batch` at a time. */
  async addIdle(count: number, batch = 500): Promise<void> {
    for (let done = 0; done < count; done += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, count - done) }, () => this.connect()));
    }
  }

  close(): void {
    for (const client of this.clients) client.close();
    this.clients.length = 0;
  }
}
