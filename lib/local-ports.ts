/**
 * Ports of a local run. `PORT` (the web app's, which `next dev` and `next start`
 * honour) moves both: the sidecar listens 1000 above it unless `REALTIME_PORT`
 * says otherwise, so `PORT=3100 npm run dev` serves the web app on 3100 and the
 * sidecar on 4100, and the web app finds it there when `REALTIME_URL` is unset.
 */
export const DEFAULT_WEB_PORT = 3000;
export const REALTIME_PORT_OFFSET = 1000;

type Env = Record<string, string | undefined>;

/** A port number from `env[name]`; throws an `Error` naming the variable when it is not one. */
export function portSetting(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return value;
}

/** The web port and the sidecar's port, as both processes derive them from the same environment. */
export function localPorts(env: Env): { web: number; realtime: number } {
  const web = portSetting(env, 'PORT', DEFAULT_WEB_PORT);
  const derived = web + REALTIME_PORT_OFFSET <= 65535 ? web + REALTIME_PORT_OFFSET : 0;
  return { web, realtime: portSetting(env, 'REALTIME_PORT', derived) };
}
