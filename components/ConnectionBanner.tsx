'use client';

import { useConnectionStatus } from './realtime-hooks';

const BANNER = 'bg-amber-100 px-4 py-2 text-center text-sm text-amber-950 dark:bg-amber-900 dark:text-amber-50';

/**
 * Says when the tab cannot reach the relay: the relay's own reason when it
 * refused the tab (which is not retried), otherwise that it is reconnecting;
 * pages it holds come back on reconnect.
 */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  if (status.state === 'refused') {
    return (
      <div role="alert" className={BANNER}>
        This tab cannot connect to the relay. {status.refusal.message}
      </div>
    );
  }
  if (status.state === 'connecting' || status.state === 'connected') return null;
  return (
    <div role="alert" className={BANNER}>
      Connection to the relay lost. Reconnecting… Pages this tab holds are kept and will be shared again as soon as it
      is back.
    </div>
  );
}
