import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand, fakeApp } from '../helpers/cli-process';

/**
 * What `npx ephemeral-p2p share …` runs: npm starts `sh -c 'ephemeral-p2p …'`
 * (dash forks rather than execs) with npm_command=exec, and on SIGTERM or
 * SIGINT passes the signal to that shell alone.
 */
function underNpxShell(args: string[]) {
  const quoted = cliCommand(args)
    .map((word) => `'${word}'`)
    .join(' ');
  return spawn('sh', ['-c', quoted], {
    env: { ...process.env, EPHEMERAL_APP: '', npm_command: 'exec', npm_lifecycle_script: "'ephemeral-p2p'" },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function childrenOf(pid: number): number[] {
  return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number);
}

let dir: string;
let app: Awaited<ReturnType<typeof fakeApp>>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wrapper-'));
  await writeFile(join(dir, 'notes.md'), '# Notes\n');
  app = await fakeApp([]);
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

jest.setTimeout(30_000);

// `kill $!` (SIGTERM) kills the shell, whose exit the CLI notices. A SIGINT
// to the shell alone is waited out by dash: only one to the whole group (what
// Ctrl-C sends) reaches the CLI, and always did.
test.each([
  ['SIGTERM to the wrapper', 'SIGTERM', false],
  ['SIGINT to its process group', 'SIGINT', true],
] as const)('under npx, %s ends holding: the share leaves the page and exits', async (_what, signal, group) => {
  const shell = underNpxShell(['share', join(dir, 'notes.md'), '--app', app.origin]);
  let stdout = '';
  let stderr = '';
  shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The pipes close only when the CLI itself exits: the shell is gone long before.
  const cliExited = new Promise<void>((resolve) => shell.stdout.on('end', resolve));
  await new Promise<void>((resolve) =>
    shell.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve();
    }),
  );
  expect(stdout).toMatch(new RegExp(`^${app.origin}/[0-9a-f]{64}\\n$`));
  // Ctrl-C signals every process of the foreground group: the shell and the CLI it forked.
  const targets = group ? [shell.pid!, ...childrenOf(shell.pid!)] : [shell.pid!];
  for (const pid of targets) process.kill(pid, signal);
  await cliExited;
  expect(app.events).toContain('page:leave');
  expect(stderr).toMatch(/stopped holding the page\n$/);
});
