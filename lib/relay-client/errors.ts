import type { ErrorCode } from '../protocol';

/** Why a client call failed: the relay's ack codes, plus what the client itself decides. */
export type RelayErrorCode =
  | ErrorCode
  /** The bytes do not hash to the address they came for; they were dropped. */
  | 'bad_bytes'
  /** The caller stopped waiting (its AbortSignal fired). */
  | 'aborted';

/** A client call's failure, with a sentence meant for people. */
export class RelayError extends Error {
  constructor(
    readonly code: RelayErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RelayError';
  }
}

export function badBytes(): RelayError {
  return new RelayError('bad_bytes', 'The bytes that arrived do not match this address, so they were dropped.');
}

export function aborted(): RelayError {
  return new RelayError('aborted', 'Stopped waiting for this page.');
}
