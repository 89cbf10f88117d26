import type { Ack, ClientToServerEvents, PageHash } from '../protocol';
import type { ConnectionStatus, HoldStatus } from './status';

/** What a {@link RelayClient} tells its listeners. Listeners must not throw. */
export interface RelayClientEvents {
  connection: ConnectionStatus;
  /** A page's hold status changed (taken, announced, acknowledged, refused, evicted, released). */
  hold: { hash: PageHash; status: HoldStatus };
  /**
   * A page's live holder count, from an acknowledgement or `page:holders`.
   * Live only while the page is watched (see {@link RelayClient.watch}) or wanted.
   */
  holders: { hash: PageHash; holders: number };
  /** This client became, or stopped being, a held page's only holder (from `page:sole` or a count). */
  sole: { hash: PageHash; sole: boolean };
  /** This client answered a `page:request`; `served` is false when it did not hold the page. */
  request: { hash: PageHash; served: boolean };
  /** Every acknowledgement the relay sent, for programs that count them (the benchmark). */
  ack: { event: keyof ClientToServerEvents; hash: PageHash; res: Ack };
  /** The store refused the held pages (a full browser storage): a reload would lose them. */
  unsaved: { error: unknown };
}
