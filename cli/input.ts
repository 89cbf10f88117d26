import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { formatBytes } from '../lib/client/format-bytes';
import { CliError } from './errors';
import { fileError } from './file-error';

/** Where `share` reads the page: a file, or standard input for `-`. */
export interface PageInput {
  /** How messages name it: the file name as given, or "standard input". */
  label: string;
  /** Reads every byte; a CliError when there are more than `maxBytes` or none. */
  read(maxBytes: number, limitNote: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

const count = (n: number) => n.toLocaleString('en-US');

function tooLarge(label: string, size: number | null, maxBytes: number, limitNote: string): CliError {
  const limit = `${count(maxBytes)} bytes (${formatBytes(maxBytes)})${limitNote}`;
  return new CliError(`${label} is ${size === null ? 'over' : `${count(size)} bytes, over`} the limit of ${limit}`);
}

/** Reads a stream to its end, refusing it as soon as it passes `maxBytes`. */
async function readAtMost(stream: Readable, label: string, maxBytes: number, limitNote: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) {
      stream.destroy();
      throw tooLarge(label, null, maxBytes, limitNote);
    }
    chunks.push(buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function nonEmpty(bytes: Uint8Array, label: string): Uint8Array {
  if (bytes.length === 0) throw new CliError(`nothing to share: ${label} is empty`);
  return bytes;
}

function fileInput(path: string, handle: FileHandle, size: number | null): PageInput {
  return {
    label: path,
    async read(maxBytes, limitNote) {
      if (size !== null && size > maxBytes) throw tooLarge(path, size, maxBytes, limitNote);
      try {
        return nonEmpty(
          await readAtMost(handle.createReadStream({ autoClose: false }), path, maxBytes, limitNote),
          path,
        );
      } catch (error) {
        throw error instanceof CliError ? error : fileError('read', path, error);
      }
    },
    close: () => handle.close(),
  };
}

/**
 * Opens FILE, or standard input for `-`, before anything goes on the network,
 * so a missing or unreadable file is reported first.
 */
export async function openPageInput(spec: string, stdin: Readable): Promise<PageInput> {
  if (spec === '-') {
    const label = 'standard input';
    return {
      label,
      read: async (maxBytes, limitNote) => nonEmpty(await readAtMost(stdin, label, maxBytes, limitNote), label),
      close: async () => {},
    };
  }
  let handle: FileHandle;
  try {
    handle = await open(spec, 'r');
  } catch (error) {
    throw fileError('read', spec, error);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw fileError('read', spec, Object.assign(new Error(), { code: 'EISDIR' }));
    // A FIFO or device has no size until read.
    return fileInput(spec, handle, stats.isFile() ? stats.size : null);
  } catch (error) {
    await handle.close();
    throw error instanceof CliError ? error : fileError('read', spec, error);
  }
}
