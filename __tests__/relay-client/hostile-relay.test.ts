import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createRelayClient } from '@/cli/relay';
import { sha256Hex, textToBytes } from '@/lib/hash';
import { RelayError, type RelayClient } from '@/lib/relay-client';

/**
 * A relay that lies: a real Socket.IO server on a free port whose every
 * answer is mistyped, oversized or unasked, against the CLI's real client.
 */
const LIMIT = 64 * 1024;
const page = textToBytes('the real page');
let hash: string;
let otherHash: string;
beforeAll(async () => {
  hash = await sha256Hex(page);
  otherHash = await sha256Hex(textToBytes('not asked for'));
});

interface Hostile {
  url: string;
  /** Called for each connection, after it has connected. */
  onConnection: (socket: Socket) => void;
  close: () => Promise<void>;
}

async function hostileRelay(): Promise<Hostile> {
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: 1e8 });
  const relay: Hostile = {
    url: '',
    onConnection: () => {},
    close: () => new Promise((resolve) => void io.close(() => resolve())),
  };
  io.on('connection', (socket) => relay.onConnection(socket));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return relay;
}

let relay: Hostile;
let client: RelayClient;
beforeEach(async () => {
  relay = await hostileRelay();
});
afterEach(async () => {
  client?.close();
  await relay.close();
});

function connected(c: RelayClient): Promise<void> {
  return new Promise((resolve) => {
    const off = c.on('connection', (status) => {
      if (status.state !== 'connected') return;
      off();
      resolve();
    });
    c.start();
  });
}

const want = (c: RelayClient, ms: number) => c.want(hash, { hold: false, signal: AbortSignal.timeout(ms) });

test('mistyped payloads and acks are dropped without a throw; the real page still arrives', async () => {
  const uncaught = jest.fn();
  process.on('uncaughtException', uncaught);
  relay.onConnection = (socket) => {
    socket.on('page:want', (_ref: unknown, ack: (res: unknown) => void) => {
      ack({ ok: true, holders: 'many' });
      // A number where bytes belong: `new Uint8Array(4e9)` would take 4 GB.
      socket.emit('page:content', { hash, bytes: 4e9 });
      socket.emit('page:content', { hash, bytes: 'x'.repeat(100) });
      socket.emit('page:content', { hash: { $ne: 1 }, bytes: page });
      socket.emit('page:content', null);
      socket.emit('page:holders', { hash, holders: -1 });
      socket.emit('page:holders', { hash, holders: 1e300 });
      socket.emit('page:holders', 'nonsense');
      socket.emit('page:sole', 42);
      socket.emit('page:evicted', { hash, reason: '\x1b]0;PWNED\x07' });
      socket.emit('page:request', { hash: [] }, () => {});
      socket.emit('page:request', { hash }, 'not a callback');
      setTimeout(() => socket.emit('page:content', { hash, bytes: Buffer.from(page) }), 100);
    });
  };
  client = createRelayClient({ url: relay.url, maxPageBytes: LIMIT });
  await connected(client);
  const holders: number[] = [];
  client.on('holders', (count) => holders.push(count.holders));
  expect(Buffer.from(await want(client, 5000))).toEqual(Buffer.from(page));
  expect(holders).toEqual([]);
  process.off('uncaughtException', uncaught);
  expect(uncaught).not.toHaveBeenCalled();
});

test("a refusal's message is kept as text of bounded length; an unknown code is a refusal all the same", async () => {
  relay.onConnection = (socket) => {
    socket.on('page:want', (_ref: unknown, ack: (res: unknown) => void) =>
      ack({ ok: false, error: 'made_up', message: `no${'!'.repeat(10_000)}` }),
    );
  };
  client = createRelayClient({ url: relay.url, maxPageBytes: LIMIT });
  await connected(client);
  const error = (await want(client, 5000).catch((e: unknown) => e)) as RelayError;
  expect(error).toBeInstanceOf(RelayError);
  expect(error.code).toBe('bad_request');
  expect(error.message.length).toBeLessThanOrEqual(300);
});

test('unasked pages and pages over the limit are dropped unhashed; a want keeps waiting, then times out', async () => {
  relay.onConnection = (socket) => {
    socket.on('page:want', (_ref: unknown, ack: (res: unknown) => void) => {
      ack({ ok: true, holders: 1 });
      socket.emit('page:content', { hash: otherHash, bytes: Buffer.alloc(LIMIT, 1) });
      // Over the page limit but inside the transport's framing allowance: the client's own check drops it.
      socket.emit('page:content', { hash, bytes: Buffer.alloc(LIMIT + 1, 1) });
    });
  };
  client = createRelayClient({ url: relay.url, maxPageBytes: LIMIT });
  await connected(client);
  const error = (await want(client, 1000).catch((e: unknown) => e)) as RelayError;
  expect(error.code).toBe('aborted');
});

test('a message far over the limit is refused by the transport before it is buffered, and the client survives', async () => {
  let connections = 0;
  relay.onConnection = (socket) => {
    connections += 1;
    socket.on('page:want', (_ref: unknown, ack: (res: unknown) => void) => {
      ack({ ok: true, holders: 1 });
      // After a reconnect the relay behaves: the same want is answered for real.
      const bytes = connections === 1 ? Buffer.alloc(LIMIT * 20, 1) : Buffer.from(page);
      socket.emit('page:content', { hash, bytes });
    });
  };
  client = createRelayClient({ url: relay.url, maxPageBytes: LIMIT });
  await connected(client);
  expect(Buffer.from(await want(client, 10_000))).toEqual(Buffer.from(page));
  // ws closed the first connection (1009, message too big) on reading the frame's length, unbuffered.
  expect(connections).toBe(2);
});
