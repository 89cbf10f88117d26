import type { RelayError } from './errors';

/** One caller waiting for a page's bytes; it is settled once. */
export interface Waiter {
  /** Keep holding the page once it has arrived, or only fetch it. */
  hold: boolean;
  resolve(bytes: Uint8Array): void;
  reject(error: RelayError): void;
}

/**
 * One caller's wait as a promise: `join` adds its waiter to the page's wait,
 * and when `signal` fires, `leave` takes it out (and rejects it).
 */
export function waitForBytes(
  hold: boolean,
  signal: AbortSignal | undefined,
  { join, leave }: { join: (waiter: Waiter) => void; leave: (waiter: Waiter) => void },
): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    let detach = () => {};
    const waiter: Waiter = {
      hold,
      resolve: (bytes) => {
        detach();
        resolve(bytes);
      },
      reject: (error) => {
        detach();
        reject(error);
      },
    };
    if (signal) {
      const stopWaiting = () => leave(waiter);
      signal.addEventListener('abort', stopWaiting, { once: true });
      detach = () => signal.removeEventListener('abort', stopWaiting);
    }
    join(waiter);
  });
}
