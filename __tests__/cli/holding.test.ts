/**
 * @jest-environment node
 */
import pino from 'pino';
import { holdUntilStopped } from '@/cli/holding';
import { StatusLine } from '@/cli/status';
import type { RelayClient } from '@/lib/relay-client';
import { loadConfig } from '@/realtime/ops/config';
import { startRealtimeServer, type RealtimeServer } from '@/realtime/server';
import { eventually } from '../helpers/processes';
import { connectPeer, hold, page, type Peer } from '../helpers/realtime';

jest.setTimeout(30_000);

const PAGE = page('a page held from a terminal through a relay restart');
let server: RealtimeServer | undefined;
const clients: RelayClient[] = [];
const stop = new AbortController();
afterEach(async () => {
  stop.abort();
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

async function startRelay(port: number): Promise<string> {
  server = await startRealtimeServer(loadConfig({ REALTIME_PORT: String(port) }), {
    logger: pino({ level: 'silent' }),
  });
  return `http://127.0.0.1:${server.port}`;
}

async function holding(url: string, reconnect = false): Promise<Peer> {
  const peer = await connectPeer(url, reconnect ? { reconnection: true, reconnectionDelay: 50 } : {});
  clients.push(peer.client);
  await hold(peer, PAGE);
  return peer;
}

/** The status as a log shows it: one line per change. */
function statusLog() {
  const lines: string[] = [];
  const status = new StatusLine({ write: (text: string) => lines.push(text.trimEnd()) });
  const lastIs = (line: string) => eventually(() => expect(lines.at(-1)).toBe(line));
  return { lines, status, lastIs };
}

test('after a reconnect the status claims no count until the relay has counted the page again', async () => {
  const url = await startRelay(0);
  const terminal = await holding(url, true);
  await holding(url);
  const { lines, status, lastIs } = statusLog();
  const held = holdUntilStopped([{ client: terminal.client, url, hash: PAGE.hash }], status, stop.signal);
  await lastIs('holding the page · 2 holders (this terminal and 1 other)');

  await server!.close();
  await eventually(() => expect(lines.at(-1)).toMatch(/^(disconnected from|cannot reach) the relay/));
  await startRelay(Number(new URL(url).port));
  await lastIs('holding the page · 1 holder (this terminal)');
  // The other holder has not come back: the count it was part of is not shown again.
  const back = lines.slice(lines.map((line) => line.startsWith('holding')).lastIndexOf(false) + 1);
  expect(back).toEqual(['holding the page · announcing', 'holding the page · 1 holder (this terminal)']);

  await holding(url);
  await lastIs('holding the page · 2 holders (this terminal and 1 other)');
  stop.abort();
  expect(await held).toBe(0);
});
