/**
 * Runs once when a server starts (`next start`, `next dev`, a Vercel
 * instance). The settings are read per request, so without this check a bad
 * REALTIME_URL would answer every route with a 500; here it stops the server
 * with one message naming the variable. Imported only in the Node.js runtime,
 * where stopping the process is possible.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkSettingsOrExit } = await import('./lib/web/check-settings');
  checkSettingsOrExit();
}
