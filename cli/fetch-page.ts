import { RelayError, type RelayClient } from '../lib/relay-client';
import type { PageHash } from '../lib/protocol';
import { DEFAULT_TIMEOUT_SECONDS } from './args';
import { CliError, EXIT, interrupted } from './errors';
import type { StatusLine } from './status';

export interface FetchOptions {
  /** Keep holding the page once it arrives. */
  hold: boolean;
  timeoutMs: number;
  stop: AbortSignal;
  /** Where to show the holder count while waiting; none when several pages are fetched at once. */
  status?: StatusLine;
}

/** The timeout's failure, saying when the wait was the default one and how to wait longer. */
export function notSentInTime(timeoutMs: number): CliError {
  const seconds = timeoutMs / 1000;
  const which = seconds === DEFAULT_TIMEOUT_SECONDS ? ' (the default timeout; --timeout SECONDS waits longer)' : '';
  return new CliError(
    `no holder sent the page within ${seconds} s${which}: nobody holds it any more, or its holders are offline`,
    EXIT.notFound,
  );
}

/**
 * The page's verified bytes from the relay, waiting at most `timeoutMs`. A
 * CliError says why not: the timeout (exit 3), Ctrl-C, or the relay's refusal.
 */
export async function fetchPage(client: RelayClient, hash: PageHash, options: FetchOptions): Promise<Uint8Array> {
  const { status, timeoutMs, stop } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const off = client.on('holders', (count) => {
    if (count.hash !== hash || !status) return;
    status.progress(
      count.holders === 0
        ? `waiting for the page · nobody holds it right now (giving up after ${timeoutMs / 1000} s)`
        : `fetching the page · ${count.holders} ${count.holders === 1 ? 'holder' : 'holders'}`,
    );
  });
  status?.progress('asking the relay for the page');
  try {
    return await client.want(hash, { hold: options.hold, signal: AbortSignal.any([timeout, stop]) });
  } catch (error) {
    if (!(error instanceof RelayError)) throw error;
    if (error.code !== 'aborted') throw new CliError(`the relay could not send the page: ${error.message}`);
    throw stop.aborted ? interrupted() : notSentInTime(timeoutMs);
  } finally {
    off();
  }
}
