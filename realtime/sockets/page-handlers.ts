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
 * payload with `parse`, and answers errors, so no event shape can throw. The
 * listener is made once and shared by every socket: Socket.IO calls it with
 * the socket as `this`, so a connection costs no closures of its own.
 */
function pageEvent<T extends object, R extends { ok: true; hash: PageHash }>(
  ctx: HandlerContext,
  parse: (payload: unknown) => R | Failure,
  handle: (pages: ConnectionPages, ref: R) => Reply<T>,
): (this: RealtimeSocket, ...args: unknown[]) => void {
  return function (this: RealtimeSocket, ...args) {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (res: Reply<T>) => void) : () => {};
    const ref = parse(args.length > 1 || typeof last !== 'function' ? args[0] : undefined);
    const reply = ref.ok ? handle(this.data.pages, ref) : ref;
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
  const onHave = pageEvent(ctx, parsePageRef, (pages, { hash }) => pages.have(hash));
  const onWant = pageEvent(ctx, parsePageRef, (pages, { hash }) => pages.want(hash));
  const onLeave = pageEvent(ctx, parsePageRef, (pages, { hash }) => {
    pages.leave(hash);
    return { ok: true };
  });
  const onWatch = pageEvent(ctx, parseWatchRef, (pages, { hash, watch }) => pages.watch(hash, watch));
  function onDisconnect(this: RealtimeSocket) {
    this.data.pages.dispose();
  }

  return (socket: RealtimeSocket) => {
    const { backlogLimit, stalledReaderMs, log, onStalled } = ctx.backpressure;
    socket.data.pages = new ConnectionPages(socket.id, {
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
    socket.on('page:have', onHave);
    socket.on('page:want', onWant);
    socket.on('page:leave', onLeave);
    socket.on('page:watch', onWatch);
    socket.on('disconnect', onDisconnect);
  };
}
