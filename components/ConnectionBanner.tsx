'use client';

import { useState, useSyncExternalStore } from 'react';
import type { ConnectionStatus } from '../lib/relay-client';
import { useConnectionStatus } from './realtime-hooks';

const subscribeToNothing = () => () => {};

/** This page's origin; empty while rendering on the server. */
function usePageOrigin(): string {
  return useSyncExternalStore(
    subscribeToNothing,
    () => window.location.origin,
    () => '',
  );
}

/** What to tell the person about the connection, or null when there is nothing to say. */
function describe(
  status: ConnectionStatus,
  everConnected: boolean,
  origin: string,
): { title: string; detail: string } | null {
  switch (status.state) {
    case 'refused':
      if (status.refusal.code === 'origin_refused') {
        return {
          title: `The relay refuses connections from this page's address, ${origin}.`,
          detail: `Nothing can be shared or received here until the sidecar admits it: add ${origin} to the sidecar's CORS_ORIGIN (for example CORS_ORIGIN=${origin}) and restart the sidecar, or open the app at an address it already admits. The relay said: ${status.refusal.message}`,
        };
      }
      return { title: 'This tab cannot connect to the relay.', detail: status.refusal.message };
    case 'unreachable':
      // "Lost" only for a connection that once was.
      if (everConnected) break;
      return {
        title: `Cannot reach the relay at ${status.url}.`,
        detail: `Nothing can be shared or received until it answers; this tab keeps trying. (${status.message})`,
      };
    case 'reconnecting':
      break;
    case 'closed':
      return { title: 'Disconnected from the relay.', detail: 'Reload the page to connect again.' };
    default:
      return null;
  }
  return {
    title: 'Connection to the relay lost. Reconnecting…',
    detail: 'Pages this tab holds are kept and will be shared again as soon as it is back.',
  };
}

/**
 * Says, with its cause, when the tab is not connected to the relay: refused
 * (and which setting admits this page's origin), unreachable (at which URL),
 * or lost and reconnecting. Nothing while connecting for the first time.
 */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  const origin = usePageOrigin();
  const [everConnected, setEverConnected] = useState(false);
  // Remembered while rendering (React's pattern for state that follows a changing value).
  if (status.state === 'connected' && !everConnected) setEverConnected(true);
  const message = describe(status, everConnected, origin);
  if (!message) return null;
  return (
    <div
      role="alert"
      data-testid="connection-banner"
      data-state={status.state}
      className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950 dark:bg-amber-900 dark:text-amber-50"
    >
      <strong className="font-semibold">{message.title}</strong> {message.detail}
    </div>
  );
}
