import type { Refusal } from '../../lib/protocol';
import type { OriginMatcher } from './origins';

/** What a browser on a refused origin is told: the origin, and the setting that would admit it. */
export function originRefusal(origin: string): Refusal {
  return {
    code: 'origin_refused',
    message: `This relay does not accept pages from ${origin}: its operator must add that origin (or a pattern matching it) to the relay's CORS_ORIGIN setting.`,
  };
}

/**
 * The `cors` option's origin check, with the same matcher as the refusal: an
 * allowed origin gets its CORS headers, any other gets none.
 */
export function corsOrigin(allowed: OriginMatcher) {
  return (origin: string | undefined, callback: (err: Error | null, allow?: boolean) => void) =>
    callback(null, origin !== undefined && allowed(origin));
}
