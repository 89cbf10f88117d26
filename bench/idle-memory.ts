import { Crowd } from './crowd';
import { spawnServer } from './server-process';
import { Tally } from './tally';
import { sleep } from './timing';

export interface IdleMemoryFigures {
  connections: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  bytesPerConnection: number;
}

/** Sidecar RSS growth per idle WebSocket connection, both readings after a full GC. */
export async function measureIdleMemory(connections: number): Promise<IdleMemoryFigures> {
  const server = await spawnServer('sidecar');
  const crowd = new Crowd(server.urls, new Tally());
  try {
    const rssBeforeBytes = await server.settledRss();
    await crowd.addIdle(connections);
    // Handshake garbage and buffers settle before the reading.
    await sleep(1000);
    const rssAfterBytes = await server.settledRss();
    return {
      connections,
      rssBeforeBytes,
      rssAfterBytes,
      bytesPerConnection: (rssAfterBytes - rssBeforeBytes) / connections,
    };
  } finally {
    await server.stop();
    crowd.close();
  }
}
