import type { Ack, Failure, HoldersAck, PageHash } from '../lib/protocol';
import { failure, parsePageRef } from '../lib/validation';
import type { PageDirectory } from './core/page-directory';
import type { PageRoom } from './core/page-room';
import type { RealtimeSocket } from './socket-types';

interface HandlerContext {
  directory: PageDirectory;
  pagesPerConnection: number;
  onReject: (error: string) => void;
}

type Reply<T extends object> = Ack<T>;

/**
 * Wraps a page handler: finds the ack whatever the client sent, validates the
 * `{ hash }` payload, and answers errors, so no event shape can throw.
 */
function pageEvent<T extends object>(
  ctx: HandlerContext,
  handle: (hash: PageHash) => Reply<T>,
): (...args: unknown[]) => void {
  return (...args) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (res: Reply<T>) => void) : () => {};
    const ref = parsePageRef(args.length > 1 || typeof last !== 'function' ? args[0] : undefined);
    const reply = ref.ok ? handle(ref.hash) : ref;
    if (!reply.ok) ctx.onReject(reply.error);
    ack(reply);
  };
}

/** A refusal when one more page would take the connection past PAGES_PER_CONNECTION. */
function overLimit(ctx: HandlerContext, socket: RealtimeSocket, hash: PageHash): Failure | undefined {
  const pages = socket.data.pages;
  if (pages.has(hash) || pages.size < ctx.pagesPerConnection) return undefined;
  return failure(
    'too_many_pages',
    `a connection may hold or want at most ${ctx.pagesPerConnection} pages; leave one first`,
  );
}

function joined(socket: RealtimeSocket, room: PageRoom): Reply<HoldersAck> {
  socket.data.pages.add(room.hash);
  void socket.join(room.hash);
  return { ok: true, holders: room.holderCount };
}

/** Registers `page:have`, `page:want`, `page:leave` and disconnect cleanup on a socket. */
export function createPageHandlers(ctx: HandlerContext) {
  const { directory } = ctx;
  return (socket: RealtimeSocket) => {
    socket.data.pages = new Set();

    socket.on(
      'page:have',
      pageEvent(ctx, (hash) => {
        const refused = overLimit(ctx, socket, hash);
        if (refused) return refused;
        const room = directory.open(hash);
        if (room.have(socket.id) === 'evicted') {
          return failure('bad_request', 'this connection was dropped from this page for a wrong or missing answer');
        }
        return joined(socket, room);
      }),
    );

    socket.on(
      'page:want',
      pageEvent(ctx, (hash) => {
        const refused = overLimit(ctx, socket, hash);
        if (refused) return refused;
        const room = directory.open(hash);
        room.want(socket.id);
        return joined(socket, room);
      }),
    );

    socket.on(
      'page:leave',
      pageEvent(ctx, (hash) => {
        directory.find(hash)?.leave(socket.id);
        socket.data.pages.delete(hash);
        void socket.leave(hash);
        return { ok: true };
      }),
    );

    socket.on('disconnect', () => {
      for (const hash of socket.data.pages) directory.find(hash)?.leave(socket.id);
      socket.data.pages.clear();
    });
  };
}
