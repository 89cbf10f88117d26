import { EVENT_BUDGET_WINDOW_MS } from '../../lib/limits';
import type { Refusal } from '../../lib/protocol';
import type { AddressLimits } from '../ops/config';
import { TokenBucket } from '../core/token-bucket';

const EVICTION_WINDOW_MS = 60_000;
/** How often addresses with no connection and full budgets are forgotten. */
const SWEEP_MS = 60_000;

interface AddressEntry {
  connections: number;
  events: TokenBucket;
  evictions: TokenBucket;
}

/**
 * Per client address (client-address.ts: an IPv4 address or an IPv6 /64): a
 * cap on open transports, joined or not, and budgets of events and evictions
 * shared by all its connections, so one address cannot take the sidecar's
 * memory or CPU however many connections it opens. An address past its
 * eviction budget is refused new connections until the budget refills.
 */
export function createAddressAdmission(limits: Omit<AddressLimits, 'trustProxyHeader'>) {
  const entries = new Map<string, AddressEntry>();
  const sweep = setInterval(() => {
    for (const [address, entry] of entries) {
      if (entry.connections === 0 && entry.events.full && entry.evictions.full) entries.delete(address);
    }
  }, SWEEP_MS);
  sweep.unref();

  const entryOf = (address: string): AddressEntry => {
    let entry = entries.get(address);
    if (!entry) {
      entry = {
        connections: 0,
        events: new TokenBucket(limits.events, EVENT_BUDGET_WINDOW_MS),
        evictions: new TokenBucket(limits.evictions, EVICTION_WINDOW_MS),
      };
      entries.set(address, entry);
    }
    return entry;
  };

  return {
    /** Why one more transport from `address` would be refused now; undefined when it would be admitted. */
    refusalFor(address: string): Refusal | undefined {
      const entry = entries.get(address);
      if (!entry) return undefined;
      if (entry.connections >= limits.connections) {
        return {
          code: 'too_many_connections',
          message: `too many connections from this address (at most ${limits.connections}); close some tabs and retry`,
        };
      }
      if (!entry.evictions.available) {
        return {
          code: 'too_many_connections',
          message: 'too many connections from this address served wrong or no answers; retry in a minute',
        };
      }
      return undefined;
    },
    /** Counts an open transport of `address`; the returned function gives its place back (once). */
    open(address: string): () => void {
      const entry = entryOf(address);
      entry.connections++;
      let open = true;
      return () => {
        if (open) entry.connections--;
        open = false;
      };
    },
    /** The events budget of an address. */
    eventBudget(address: string): TokenBucket {
      return entryOf(address).events;
    },
    /**
     * A connection from `address` was evicted from a page: spends from the
     * address's eviction budget; false when the budget is spent (the caller
     * disconnects it).
     */
    evicted(address: string): boolean {
      return entryOf(address).evictions.take();
    },
    /** Addresses currently tracked (for metrics and tests). */
    get size(): number {
      return entries.size;
    },
    close(): void {
      clearInterval(sweep);
    },
  };
}

export type AddressAdmission = ReturnType<typeof createAddressAdmission>;
