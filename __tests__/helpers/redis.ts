import type { ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { eventually, freePort, launch, stop } from './processes';

function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      if (data.toString().startsWith('+PONG')) resolve();
      else reject(new Error(data.toString()));
    });
  });
}

/** A real redis-server on a free loopback port, with nothing persisted to disk. */
export async function startRedis(port?: number) {
  const at = port ?? (await freePort());
  const child: ChildProcess = launch('redis-server', [
    '--port',
    String(at),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  const missing = new Promise<never>((_, reject) =>
    child.once('error', () =>
      reject(new Error('redis-server not found: install it (Debian: apt-get install redis-server)')),
    ),
  );
  await Promise.race([missing, eventually(() => ping(at), 10_000, `redis-server on ${at}`)]);
  return { port: at, url: `redis://127.0.0.1:${at}`, stop: (signal?: NodeJS.Signals) => stop(child, signal) };
}
