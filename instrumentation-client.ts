// Runs in the browser once the page's first code has loaded, before React
// hydrates (Next.js instrumentation-client): the relay connection and the
// page's want start here, not after hydration (lib/client/tab-relay.ts).
import { startTabRelayEarly } from './lib/client/tab-relay';

startTabRelayEarly();
