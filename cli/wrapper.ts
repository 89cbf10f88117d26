/** How often to look whether the npx wrapper is still there: a held page outlives its wrapper by at most this. */
const WATCH_MS = 500;

/**
 * Calls `onGone` once the `npx` wrapper this process runs under has exited.
 *
 * `npx ephemeral-p2p …` is npm running `sh -c 'ephemeral-p2p …'`, which runs
 * this process. `kill $!` or Ctrl-C on a background `npx` reaches npm, which
 * passes the signal to that shell only; the shell dies without passing it on,
 * and this process would hold on, orphaned. Its parent then changes: that is
 * the signal it never got. Only when npm exec ran this very bin (npx sets
 * `npm_command=exec` and the bin's name as `npm_lifecycle_script`): run
 * directly, a process whose shell exits (nohup, systemd) keeps holding.
 */
export function whenWrapperExits(env: Record<string, string | undefined>, onGone: () => void): () => void {
  // npm quotes the bin's name in npm_lifecycle_script: 'ephemeral-p2p'.
  if (env.npm_command !== 'exec' || env.npm_lifecycle_script?.replace(/'/g, '') !== 'ephemeral-p2p') return () => {};
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, WATCH_MS);
  // Watching must never be what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
