import type { PageHash } from '../../lib/protocol';
import type { PeerId } from './peer';
import type { PageConnection, RelayDeps, Route } from './relay-ports';

export interface DeliveryDeps extends Pick<RelayDeps, 'transport' | 'stats' | 'now'> {
  /** The local connection behind a visitor, if it is still connected. */
  connection: (peer: PeerId) => PageConnection | undefined;
}

/**
 * The one path a page's verified bytes take to its visitors: each one's
 * connection decides whether they go now or its want waits for it to read
 * (ConnectionPages.accept, against its backlog); those that took them are
 * sent them in one emit, and reported with how long each waited.
 */
export function deliver(
  hash: PageHash,
  visitors: ReadonlyMap<PeerId, number>,
  bytes: Uint8Array,
  route: Route,
  deps: DeliveryDeps,
): void {
  const taken: PeerId[] = [];
  for (const visitor of visitors.keys()) if (deps.connection(visitor)?.accept(hash, bytes)) taken.push(visitor);
  if (taken.length === 0) return;
  deps.transport.send(taken, hash, bytes);
  const now = deps.now();
  deps.stats.relayed(bytes.byteLength, taken.length);
  deps.stats.served(
    taken.map((visitor) => now - visitors.get(visitor)!),
    route,
  );
}
