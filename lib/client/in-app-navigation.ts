/**
 * Whether the tab is leaving for another of the app's own screens: its held
 * pages come back with it (they are kept in session storage), so leaving is no
 * reason to warn that a page will be gone (components/RealtimeProvider.tsx).
 */
let leavingWithinApp = false;

export function markInAppNavigation(): void {
  leavingWithinApp = true;
}

/** True once, for the navigation that was marked. */
export function takeInAppNavigation(): boolean {
  const marked = leavingWithinApp;
  leavingWithinApp = false;
  return marked;
}
