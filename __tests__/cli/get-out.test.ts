import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealWithNewKey } from '@/lib/client/private-page';
import { fakeApp, runCli } from '../helpers/cli-process';

const TEXT = Buffer.from('a private note\n');
let app: Awaited<ReturnType<typeof fakeApp>>;
let key: string;
let dir: string;
beforeAll(async () => {
  const sealed = await sealWithNewKey(TEXT);
  key = sealed.key;
  app = await fakeApp([sealed.bytes, Buffer.from('public\n')]);
  dir = await mkdtemp(join(tmpdir(), 'get-out-'));
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

jest.setTimeout(30_000);

test("get --out writes a private page's text readable by its owner only, a public page by the umask", async () => {
  const secret = join(dir, 'secret.md');
  expect((await runCli(['get', `${app.link(0)}#k=${key}`, '--out', secret])).code).toBe(0);
  expect(await readFile(secret)).toEqual(TEXT);
  expect((await lstat(secret)).mode & 0o777).toBe(0o600);
  const open = join(dir, 'open.md');
  expect((await runCli(['get', app.link(1), '--out', open])).code).toBe(0);
  expect((await lstat(open)).mode & 0o777).toBe(0o666 & ~process.umask());
});

test('get --out refuses a symlink at the target, in one line', async () => {
  const victim = join(dir, 'victim');
  await writeFile(victim, 'keep me');
  const target = join(dir, 'link.md');
  await symlink(victim, target);
  const run = await runCli(['get', app.link(1), '--out', target]);
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(
    `ephemeral-p2p: cannot write ${target}: it is a symbolic link, which --out does not follow\n`,
  );
  expect(await readFile(victim, 'utf8')).toBe('keep me');
});
