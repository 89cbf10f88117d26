/**
 * A connection as the page state knows it: an opaque id. Today it is a local
 * Socket.IO socket id; the page state never assumes so, which leaves room for
 * holders reached through another node.
 */
export type PeerId = string;
