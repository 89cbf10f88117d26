import { publicConfigShape, type PublicConfig } from '../lib/public-config';
import { CliError, interrupted } from './errors';

const CONFIG_TIMEOUT_MS = 10_000;

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** Why a fetch threw, in a few words: Node's fetch hides the reason in `cause`. */
export function networkProblem(error: unknown): string {
  const err = error as { name?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${CONFIG_TIMEOUT_MS / 1000} s`;
  const code = err.cause?.code;
  if (code && NETWORK_ERRORS[code]) return NETWORK_ERRORS[code];
  return err.cause?.message ?? (error as Error).message;
}

/** The reason an app gives in an error answer (`{ "error": "..." }`), if it gives one. */
async function appError(response: Response): Promise<string | null> {
  try {
    const body: unknown = await response.json();
    const error = (body as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error : null;
  } catch {
    return null;
  }
}

/**
 * The app's public settings from `GET <origin>/api/config`; a CliError naming
 * the app when it cannot be had, or `interrupted()` when `stop` fires first.
 */
export async function fetchAppConfig(origin: string, stop: AbortSignal): Promise<PublicConfig> {
  const url = `${origin}/api/config`;
  let response: Response;
  try {
    const signal = AbortSignal.any([AbortSignal.timeout(CONFIG_TIMEOUT_MS), stop]);
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (stop.aborted) throw interrupted();
    throw new CliError(`cannot reach the app at ${origin}: ${networkProblem(error)}`);
  }
  const notAnApp = `${origin} does not look like an Ephemeral P2P app`;
  if (!response.ok) {
    const reason = await appError(response);
    throw new CliError(
      reason
        ? `the app at ${origin} cannot be used: ${reason}`
        : `${notAnApp}: GET /api/config answered ${response.status}`,
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new CliError(`${notAnApp}: GET /api/config did not answer JSON`);
  }
  const parsed = publicConfigShape.safeParse(body);
  if (!parsed.success) throw new CliError(`${notAnApp}: GET /api/config answered settings it cannot use`);
  return parsed.data;
}
