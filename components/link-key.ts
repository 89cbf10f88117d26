'use client';

import { useSyncExternalStore } from 'react';
import { keyFromFragment } from '../lib/client/private-page';

function subscribeToFragment(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
  };
}

/**
 * The private-page key in this tab's URL fragment (`#k=…`), or null. Read only
 * in the browser: a fragment is never sent to a server, so the server render
 * sees none.
 */
export function useLinkKey(): string | null {
  return useSyncExternalStore(
    subscribeToFragment,
    () => keyFromFragment(window.location.hash),
    () => null,
  );
}
