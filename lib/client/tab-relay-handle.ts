import type { RelayClient } from '../relay-client';

/** A want sent before React ran, waiting for its owner: the viewer's page query. */
export interface EarlyWant {
  hash: string;
  promise: Promise<Uint8Array>;
  abort: () => void;
}

/**
 * What the early start (lib/client/early-start.ts, a script of its own that
 * runs before the app's) hands the app: the tab's one relay client and the
 * want it sent. The app reaches them only through here, so its own bundle
 * carries no second copy of the relay client or Socket.IO.
 */
export interface TabRelay {
  tabRelayClient(configuredUrl: string, maxPageBytes: number): RelayClient;
  takeEarlyWant(hash: string): EarlyWant | undefined;
}

declare global {
  interface Window {
    __ephemeralTabRelay?: TabRelay;
  }
}

export function publishTabRelay(relay: TabRelay): void {
  window.__ephemeralTabRelay = relay;
}

/**
 * The early start's handle, once its script has run: it blocks the parser
 * ahead of the app's scripts, so it has by the time the app starts, unless it
 * stood aside (early-start.ts says when).
 */
export function earlyTabRelay(): TabRelay | undefined {
  return typeof window === 'undefined' ? undefined : window.__ephemeralTabRelay;
}
