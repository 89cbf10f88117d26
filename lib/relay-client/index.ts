/**
 * The relay client: one implementation of the client side of the protocol
 * (docs/PROTOCOL.md), for the browser, the command line, the benchmark and
 * the tests. No React, no DOM.
 */
export { RelayClient, type RelayClientOptions, type WantOptions } from './client';
export type { RelayClientEvents } from './client-events';
export { RelayError, type RelayErrorCode } from './errors';
export { openRelaySocket, HANDSHAKE_AUTH, type RelaySocket, type RelaySocketOptions } from './socket';
export { evictionReason, refusalOf, type ConnectionStatus, type HoldStatus } from './status';
export { memoryPageStore, type HeldPage, type HeldPageStore } from './store';
