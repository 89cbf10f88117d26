import { eventually } from './processes';
import { readMetrics } from './realtime';

/** Resolves once the sidecar at `url` reports `name` at `value` in /metrics; rejects after `ms`. */
export function metricReaches(url: string, name: string, value: number, ms = 10_000): Promise<void> {
  return eventually(
    async () => {
      const now = (await readMetrics(url))[name];
      if (now !== value) throw new Error(`${name} is ${now}`);
    },
    ms,
    `${name} = ${value}`,
  );
}
