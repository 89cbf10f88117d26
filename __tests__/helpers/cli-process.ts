import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';

const ROOT = join(__dirname, '..', '..');

/**
 * An app and its relay in one: `/api/config` names the Socket.IO server on
 * the same port, which answers every `page:want` for a page in `pages` with
 * its bytes, or refuses it with `refusal`, and takes every `page:have`. Enough
 * for the CLI's `get` and `share` to run for real; `events` lists what it was sent.
 */
export async function fakeApp(
  pages: Uint8Array[],
  { refusal }: { refusal?: string } = {},
): Promise<{ origin: string; link: (i: number) => string; events: string[]; close: () => Promise<void> }> {
  const events: string[] = [];
  const byHash = new Map(pages.map((bytes) => [createHash('sha256').update(bytes).digest('hex'), bytes]));
  const http = createServer((req, res) => {
    if (req.url !== '/api/config') return void res.writeHead(404).end();
    const { port } = http.address() as AddressInfo;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ realtimeUrl: `http://127.0.0.1:${port}`, pageMaxBytes: 65_536, protocol: 2 }));
  });
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.onAny((event: string) => events.push(event));
    for (const event of ['page:have', 'page:watch'])
      socket.on(event, (_ref: unknown, ack: (res: unknown) => void) => ack({ ok: true, holders: 1 }));
    socket.on('page:want', ({ hash }: { hash: string }, ack: (res: unknown) => void) => {
      if (refusal !== undefined) return ack({ ok: false, error: 'bad_request', message: refusal });
      ack({ ok: true, holders: 1 });
      const bytes = byHash.get(hash);
      if (bytes) socket.emit('page:content', { hash, bytes: Buffer.from(bytes) });
    });
    socket.on('page:leave', (_ref: unknown, ack: (res: unknown) => void) => ack({ ok: true }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    origin,
    link: (i) => `${origin}/${[...byHash.keys()][i]}`,
    events,
    close: () => new Promise((resolve) => void io.close(() => resolve())),
  };
}

export interface CliRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs `ephemeral-p2p ...args` from the sources (tsx, no build). With `tty`,
 * under a pseudo-terminal (python's pty): stdout and stderr are both the
 * terminal, so what the terminal was sent arrives on `stdout`.
 */
/** The CLI from its sources, as a command line. */
export function cliCommand(args: string[]): string[] {
  return [process.execPath, '--import', 'tsx', join(ROOT, 'cli/main.ts'), ...args];
}

export function runCli(args: string[], { tty = false, cwd = ROOT } = {}): Promise<CliRun> {
  const cli = cliCommand(args);
  const [command, ...rest] = tty
    ? ['python3', '-c', 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))', ...cli]
    : cli;
  const child = spawn(command, rest, {
    cwd,
    env: { ...process.env, EPHEMERAL_APP: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr })),
  );
}
