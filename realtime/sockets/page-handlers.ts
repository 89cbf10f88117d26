import { EVENT_BUDGET_WINDOW_MS } from '../../lib/limits';
import type { Ack, ErrorCode, Failure, PageHash } from '../../lib/protocol';
import { parsePageRef, parseWatchRef } from '../../lib/validation';
import type { Logger } from 'pino';
import { ConnectionPages } from '../core/connection-pages';
import type { PageDirectory } from '../core/page-directory';
import type { PaceSettings } from '../core/reader-pace';
import { forceClose, outboundBacklog } from '../engine-internals';
import type { RealtimeSocket } from '../socket-types';

/** Backpressure on each connection (core/reader-pace.ts); a connection disconnected for it is logged and counted here. */
type BackpressureSettings = Omit<PaceSettings, 'onStalled'> & { log: Logger; onStalled: () => void };

interface HandlerContext {
  directory: PageDirectory;
  pagesPerConnection: number;
  backpressure: BackpressureSettings;
  onReject: (error: ErrorCode) => void;
}

type Reply<T extends object> = Ack<T>;

/**
 * Wraps a page handler: finds the ack whatever the client sent, validates the
 * payload with `parse`, and answers errors, so no event shape can throw.
 */
function pageEvent<T extends object, R extends { ok: true; hash: PageHash }>(
  ctx: HandlerContext,
  parse: (payload: unknown) => R | Failure,
  handle: (ref: R) => Reply<T>,
): (...args: unknown[]) => void {
  return (...args) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (res: Reply<T>) => void) : () => {};
    const ref = parse(args.length > 1 || typeof last !== 'function' ? args[0] : undefined);
    const reply = ref.ok ? handle(ref) : ref;
    if (!reply.ok) ctx.onReject(reply.error);
    ack(reply);
  };
}

/**
 * Registers `page:have`, `page:want`, `page:leave`, `page:watch` and disconnect cleanup on a
 * socket. What the connection is to each page lives in `socket.data.pages`
 * (one {@link ConnectionPages}), the one place every path changes it.
 */
export function createPageHandlers(ctx: HandlerContext) {
  return (socket: RealtimeSocket) => {
    const { backlogLimit, stalledReaderMs, log, onStalled } = ctx.backpressure;
    const pages = new ConnectionPages(socket.id, {
      directory: ctx.directory,
      pagesPerConnection: ctx.pagesPerConnection,
      // v1 clients know only v1's codes.
      evictedCode: socket.data.protocol >= 2 ? 'evicted' : 'bad_request',
      // A page at most once per connection per event-budget window: the budget alone would let it
      // leave and want each page over and over, every want an upload for a holder. A tab that read
      // a page has its bytes; it has no reason to ask again so soon.
      resendAfterMs: EVENT_BUDGET_WINDOW_MS,
      reader: { backlog: () => outboundBacklog(socket), close: () => forceClose(socket) },
      pace: {
        backlogLimit,
        stalledReaderMs,
        onStalled(backlog) {
          log.info({ socket: socket.id, backlog }, 'stalled reader disconnected');
          onStalled();
        },
      },
    });
    socket.data.pages = pages;

    socket.on(
      'page:have',
      pageEvent(ctx, parsePageRef, ({ hash }) => pages.have(hash)),
    );
    socket.on(
      'page:want',
      pageEvent(ctx, parsePageRef, ({ hash }) => pages.want(hash)),
    );
    socket.on(
      'page:leave',
      pageEvent(ctx, parsePageRef, ({ hash }) => {
        pages.leave(hash);
        return { ok: true };
      }),
    );
    socket.on(
      'page:watch',
      pageEvent(ctx, parseWatchRef, ({ hash, watch }) => pages.watch(hash, watch)),
    );
    socket.on('disconnect', () => pages.dispose());
  };
}
