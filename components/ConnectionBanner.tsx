'use client';

import { useConnectionState } from './realtime-hooks';

/** Says when the tab cannot reach the relay; pages it holds come back on reconnect. */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state !== 'offline') return null;
  return (
    <div role="alert" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950 dark:bg-amber-900 dark:text-amber-50">
      Connection to the relay lost. Reconnecting… Pages this tab holds are kept and will be shared again as soon as it is back.
    </div>
  );
}
