/**
 * A connection as the page state knows it: an opaque id. A local Socket.IO
 * socket id, or `nodePeer(id)` for another node of the cluster, which relays
 * the page from its own holders.
 */
export type PeerId = string;

/** A sidecar node's id in the cluster. */
export type NodeId = string;

// Socket.IO ids never contain '@', so node peers cannot collide with sockets.
const NODE_PREFIX = '@node:';

export function nodePeer(node: NodeId): PeerId {
  return NODE_PREFIX + node;
}

export function isNodePeer(peer: PeerId): boolean {
  return peer.startsWith(NODE_PREFIX);
}

export function nodeOf(peer: PeerId): NodeId {
  return peer.slice(NODE_PREFIX.length);
}
