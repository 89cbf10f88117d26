/**
 * Resolves in a later task, so the browser can paint and handle input in
 * between: one long piece of work split in two blocks neither for long.
 * `scheduler.yield` (Chromium) resumes ahead of other queued tasks; elsewhere
 * a zero timer.
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
