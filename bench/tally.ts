/** A Tally's counts at one moment, as plain data. */
export interface TallyCounts {
  events: Record<string, number>;
  acks: Record<string, number>;
  answers: number;
  bytesIn: number;
  minHoldersGapMs: number;
}

/**
 * What every client of a run received, counted in one place. Events are
 * Socket.IO server-to-client events; acks to page:have and page:want are
 * counted apart; answers to page:request are client-to-server, counted apart.
 */
export class Tally {
  readonly events = new Map<string, number>();
  readonly acks = new Map<string, number>();
  /** Answers holders sent to page:request (client to server). */
  answers = 0;
  /** WebSocket message payload bytes received by clients (ws frame headers excluded). */
  bytesIn = 0;
  /** Least time between two page:holders at any one client, in ms. */
  minHoldersGapMs = Infinity;
  /** performance.now() of the last thing any client received. */
  lastReceivedAt = 0;

  reset(): void {
    this.events.clear();
    this.acks.clear();
    this.answers = 0;
    this.bytesIn = 0;
    this.minHoldersGapMs = Infinity;
  }

  event(name: string): void {
    this.events.set(name, (this.events.get(name) ?? 0) + 1);
    this.lastReceivedAt = performance.now();
  }

  ack(name: string): void {
    this.acks.set(name, (this.acks.get(name) ?? 0) + 1);
    this.lastReceivedAt = performance.now();
  }

  holdersGap(ms: number): void {
    if (ms < this.minHoldersGapMs) this.minHoldersGapMs = ms;
  }

  snapshot(): TallyCounts {
    return {
      events: Object.fromEntries(this.events),
      acks: Object.fromEntries(this.acks),
      answers: this.answers,
      bytesIn: this.bytesIn,
      minHoldersGapMs: this.minHoldersGapMs,
    };
  }
}

/** Counts by name, added up over `records`. */
export function addCounts(records: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records) {
    for (const [name, n] of Object.entries(record)) total[name] = (total[name] ?? 0) + n;
  }
  return total;
}

/** Two processes' counts as one: sums, and the least gap. */
export function mergeCounts(a: TallyCounts, b: TallyCounts): TallyCounts {
  return {
    events: addCounts([a.events, b.events]),
    acks: addCounts([a.acks, b.acks]),
    answers: a.answers + b.answers,
    bytesIn: a.bytesIn + b.bytesIn,
    minHoldersGapMs: Math.min(a.minHoldersGapMs, b.minHoldersGapMs),
  };
}
