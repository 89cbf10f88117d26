import type { Refusal, RefusalCode } from '../lib/protocol';

/**
 * A Socket.IO middleware error whose `data` is a {@link Refusal}: the client's
 * `connect_error` carries it as `err.data` (docs/PROTOCOL.md, "Refusals").
 */
export function refusalError(code: RefusalCode, message: string): Error & { data: Refusal } {
  return Object.assign(new Error(message), { data: { code, message } });
}
