import { CliError } from './errors';

/** What a file system error code means to someone who named a path. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
};

/** One line for a file that could not be read or written: the path and the reason, in words where there are some. */
export function fileError(action: 'read' | 'write', path: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  // A missing file is read; a missing folder is what stops a write.
  const missing = action === 'read' ? 'no such file' : 'no such directory';
  const reason = code === 'ENOENT' ? missing : code && REASONS[code];
  return new CliError(`cannot ${action} ${path}: ${reason ?? (error as Error).message}`);
}
