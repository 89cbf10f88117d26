import { randomBytes } from 'node:crypto';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from './errors';
import { fileError } from './file-error';

/** Refuses a target a rename would not simply replace as a file: a symlink (named, so nobody thinks it was followed) or a directory. */
async function checkTarget(path: string): Promise<void> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fileError('write', path, error);
  }
  if (stats.isSymbolicLink())
    throw new CliError(`cannot write ${path}: it is a symbolic link, which --out does not follow`);
  if (stats.isDirectory()) throw fileError('write', path, Object.assign(new Error(), { code: 'EISDIR' }));
}

/**
 * Writes `bytes` to `path` all or nothing: a temporary file beside it
 * (same folder, so the rename stays on one file system), flushed to disk,
 * then renamed over the target. A failure midway leaves the target as it
 * was; rename replaces a symlink at the target rather than following it.
 * `mode` applies before the umask: 0o600 keeps a private page's text from
 * other local users.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, mode: number): Promise<void> {
  await checkTarget(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // wx: never opens an existing file (or a symlink planted at the temporary name).
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw fileError('write', path, error);
  }
}
