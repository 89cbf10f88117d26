import type { IncomingMessage, ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { wantToContentHistogram } from '../realtime/ops/metrics';

/**
 * The sidecar's `ephemeral_want_to_content_seconds` on a yardstick server,
 * served at `/metrics` as the sidecar serves it: the runner reads both the
 * same way, so their server-side figures compare.
 */
export function yardstickMetrics() {
  const registry = new Registry();
  const wantToContent = wantToContentHistogram(registry);
  return {
    /** A visitor whose want arrived at `wantedAt` (performance.now()) was just sent its page:content. */
    served(wantedAt: number): void {
      wantToContent.observe({ route: 'local' }, (performance.now() - wantedAt) / 1000);
    },
    /** The HTTP server's request listener; Socket.IO passes on what is not its own. */
    async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    },
  };
}
