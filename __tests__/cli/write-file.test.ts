import { lstat, mkdtemp, open, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../cli/write-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'write-file-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const bytes = Buffer.from('page text\n');

test('writes the bytes with the mode asked for (0600 for a private page), leaving no temporary file', async () => {
  const target = join(dir, 'private.md');
  await writeFileAtomic(target, bytes, 0o600);
  expect(await readFile(target)).toEqual(bytes);
  expect((await lstat(target)).mode & 0o777).toBe(0o600);
  expect(await readdir(dir)).toEqual(['private.md']);
});

test('replaces an existing file whole, and a public page follows the umask', async () => {
  const target = join(dir, 'public.md');
  await writeFile(target, 'an older, longer text that must not survive in part');
  await writeFileAtomic(target, bytes, 0o666);
  expect(await readFile(target)).toEqual(bytes);
  expect((await lstat(target)).mode & 0o777).toBe(0o666 & ~process.umask());
});

test('never writes through a symlink at the target', async () => {
  const victim = join(dir, 'victim');
  await writeFile(victim, 'keep me');
  const target = join(dir, 'out.md');
  await symlink(victim, target);
  await expect(writeFileAtomic(target, bytes, 0o600)).rejects.toThrow(
    `cannot write ${target}: it is a symbolic link, which --out does not follow`,
  );
  expect(await readFile(victim, 'utf8')).toBe('keep me');
  expect((await lstat(target)).isSymbolicLink()).toBe(true);
});

test('a failure midway (here: flushing to disk) leaves the old file as it was and no temporary file', async () => {
  const target = join(dir, 'notes.md');
  await writeFile(target, 'the old notes');
  const probe = await open(target, 'r');
  const fileHandle = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const sync = jest.spyOn(fileHandle, 'sync').mockRejectedValue(Object.assign(new Error('EIO'), { code: 'ENOSPC' }));
  try {
    await expect(writeFileAtomic(target, bytes, 0o600)).rejects.toThrow(`cannot write ${target}: the disk is full`);
  } finally {
    sync.mockRestore();
  }
  expect(await readFile(target, 'utf8')).toBe('the old notes');
  expect(await readdir(dir)).toEqual(['notes.md']);
});

test('a directory at the target is named as such', async () => {
  await expect(writeFileAtomic(dir, bytes, 0o600)).rejects.toThrow(`cannot write ${dir}: it is a directory`);
});
