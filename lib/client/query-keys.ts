/**
 * TanStack Query keys for everything the realtime connection drives. The query
 * cache is the tab's single copy of this data; the relay client's events write it.
 */
export const queryKeys = {
  /** The relay client's ConnectionStatus. */
  connection: ['connection'] as const,
  /** The verified bytes of a page (Uint8Array). Never stale: an address names its content forever. */
  page: (hash: string) => ['page', hash] as const,
  /** The link key (base64url) of a private page this tab can open; absent for public pages. */
  pageKey: (hash: string) => ['page-key', hash] as const,
  /** A page's readable text bytes: its bytes for a public page, decrypted with `key` for a private one. */
  opened: (hash: string, key: string | null) => ['opened', hash, key] as const,
  /** A page's live holder count, from acks and `page:holders`. */
  holders: (hash: string) => ['holders', hash] as const,
  /** Addresses of the pages this tab holds, in the order it took them. */
  held: ['held'] as const,
  /** The relay client's HoldStatus of a page this tab holds or held. */
  holdStatus: (hash: string) => ['hold-status', hash] as const,
  /** A sentence for the person about something that went wrong with one page. */
  notice: (hash: string) => ['notice', hash] as const,
};
