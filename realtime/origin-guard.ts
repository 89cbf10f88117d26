import type { IncomingMessage } from 'node:http';

/**
 * Socket.IO `allowRequest`: refuses a handshake whose Origin is not allowed.
 * The `cors` option alone only withholds headers and refuses nothing. A
 * handshake without an Origin header comes from no browser (a CLI, a test, a
 * benchmark) and is accepted.
 */
export function originGuard(allowed: readonly string[]) {
  const origins = new Set(allowed);
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    if (origin === undefined || origins.has(origin)) callback(null, true);
    else callback(`origin ${origin} is not allowed`, false);
  };
}
