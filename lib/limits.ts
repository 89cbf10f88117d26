/** Largest page in bytes unless `PAGE_MAX_BYTES` says otherwise (1 MiB). */
export const DEFAULT_PAGE_MAX_BYTES = 1_048_576;

/** Pages one connection may hold or want unless `PAGES_PER_CONNECTION` says otherwise. */
export const DEFAULT_PAGES_PER_CONNECTION = 64;

/** Event budgets (per connection and per address) refill evenly over this window (PROTOCOL.md, Limits). */
export const EVENT_BUDGET_WINDOW_MS = 10_000;
