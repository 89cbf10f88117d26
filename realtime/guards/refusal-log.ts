import type { Logger } from 'pino';

/** Lines written in full per reason per interval; the rest of that reason's refusals become one summary line. */
export const FULL_LINES_PER_REASON = 5;
export const SUMMARY_INTERVAL_MS = 10_000;
/** Distinct origins named in a summary line (the most frequent); more would let a client write long lines. */
const ORIGINS_NAMED = 5;
/** An Origin header is the client's to write: the log gets no more of it than an origin needs. */
const ORIGIN_CHARS = 200;

/** What is known of one refused handshake. */
export interface RefusedHandshake {
  /** The refusal code (`origin_refused`, `relay_full`, ...) or Engine.IO's (`engine_<n>`). */
  reason: string;
  origin?: string;
  transport?: string;
  /** Engine.IO's own words for its refusals. */
  detail?: string;
}

interface Tally {
  suppressed: number;
  origins: Map<string, number>;
}

/**
 * Refused handshakes in the log without letting a client write it: per reason
 * and per interval, the first few are logged in full (`handshake refused`),
 * and the rest as one `handshake refusals summarised` line at the interval's
 * end with their count and their most frequent origins. The operator still
 * sees which origin was refused, at a bounded number of lines per interval.
 */
export function createRefusalLog(log: Logger, onRefused: (reason: string) => void = () => {}) {
  let logged = new Map<string, number>();
  let tallies = new Map<string, Tally>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    for (const [reason, { suppressed, origins }] of tallies) {
      const top = [...origins].sort((a, b) => b[1] - a[1]).slice(0, ORIGINS_NAMED);
      log.warn(
        { code: reason, suppressed, intervalMs: SUMMARY_INTERVAL_MS, origins: Object.fromEntries(top) },
        'handshake refusals summarised',
      );
    }
    logged = new Map();
    tallies = new Map();
  };

  return {
    refused(handshake: RefusedHandshake): void {
      const refusal = { ...handshake, origin: handshake.origin?.slice(0, ORIGIN_CHARS) };
      onRefused(refusal.reason);
      timer ??= setTimeout(flush, SUMMARY_INTERVAL_MS).unref();
      const count = (logged.get(refusal.reason) ?? 0) + 1;
      logged.set(refusal.reason, count);
      if (count <= FULL_LINES_PER_REASON) {
        const { reason, ...fields } = refusal;
        log.warn({ code: reason, ...fields }, 'handshake refused');
        return;
      }
      let tally = tallies.get(refusal.reason);
      if (!tally) tallies.set(refusal.reason, (tally = { suppressed: 0, origins: new Map() }));
      tally.suppressed++;
      const origin = refusal.origin ?? '(none)';
      // Bounded: past the cap a new origin is only counted.
      if (tally.origins.has(origin) || tally.origins.size < 100)
        tally.origins.set(origin, (tally.origins.get(origin) ?? 0) + 1);
    },
    /** Writes what is pending and stops the timer (shutdown). */
    close(): void {
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}

export type RefusalLog = ReturnType<typeof createRefusalLog>;
