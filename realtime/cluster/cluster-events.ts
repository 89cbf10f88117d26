import type { PageHash } from '../../lib/protocol';
import type { NodeId } from '../core/peer';

/** A relayed page between nodes. The adapter sends server-side events as JSON, so bytes travel as base64. */
export type WireAnswer = { ok: true; base64: string } | { ok: false };

/** Messages between sidecar nodes, over the Redis adapter's pub/sub (nothing is stored in Redis). */
export interface ServerSideEvents {
  /** A node's full holder counts; `hello` asks every node that hears it to answer with its own. */
  'cluster:state': (node: NodeId, counts: [PageHash, number][], hello: boolean) => void;
  /** One page's holder count on a node changed (coalesced per CLUSTER_COUNTS_INTERVAL_MS). */
  'cluster:count': (node: NodeId, hash: PageHash, count: number) => void;
  /** The node is alive. */
  'cluster:beat': (node: NodeId) => void;
  /** The node is shutting down and is disconnecting its clients: stop counting it now, not after three silent beats. */
  'cluster:bye': (node: NodeId) => void;
  /**
   * How nodes of the previous version ask node `target` for a page (other nodes answer null); still answered
   * during a rolling deploy. Nodes now ask one node over its own channel (cluster-fetch.ts).
   */
  'cluster:fetch': (target: NodeId, hash: PageHash, ack: (answer: WireAnswer | null) => void) => void;
}
