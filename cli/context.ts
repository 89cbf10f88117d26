import type { Readable } from 'node:stream';
import { interrupted } from './errors';
import type { StatusLine } from './status';

/** What a command reads and writes besides its arguments: the process's streams and its stop signal. */
export interface CommandContext {
  stdin: Readable;
  /** The first line of a share is its link; a get writes the page's bytes here. */
  stdout: NodeJS.WritableStream;
  status: StatusLine;
  /** Fires on Ctrl-C (SIGINT) or SIGTERM. */
  stop: AbortSignal;
}

/** Writes to a stream and resolves once the bytes are handed to the system, so exiting loses none. */
export function writeAll(stream: NodeJS.WritableStream, data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** Waits for `promise`, or rejects with `interrupted()` as soon as `stop` fires. */
export function unlessStopped<T>(promise: Promise<T>, stop: AbortSignal): Promise<T> {
  if (stop.aborted) return Promise.reject(interrupted());
  return new Promise<T>((resolve, reject) => {
    const onStop = () => reject(interrupted());
    stop.addEventListener('abort', onStop, { once: true });
    promise.then(resolve, reject).finally(() => stop.removeEventListener('abort', onStop));
  });
}
