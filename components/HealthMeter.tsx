'use client';

import { describeHolders, healthLevel, HEALTHY_HOLDERS, type HealthLevel } from '../lib/client/health';
import { shownHolders } from '../lib/holder-count';
import { useConnectionState, useHeldPages, useShownHolders } from './realtime-hooks';

const LEVEL_STYLE: Record<HealthLevel, { label: string; bar: string; filled: number }> = {
  gone: { label: 'gone', bar: 'bg-slate-400', filled: 0 },
  'only-you': { label: 'only you', bar: 'bg-red-500', filled: 1 },
  few: { label: 'few', bar: 'bg-amber-500', filled: 2 },
  healthy: { label: 'healthy', bar: 'bg-emerald-500', filled: 3 },
};

/** The page's live holder count, with a three-step scale: only you, few, healthy. Changes are announced by the Announcer, not here. */
export function HealthMeter({ hash, compact = false }: { hash: string; compact?: boolean }) {
  const holders = useShownHolders(hash);
  const heldHere = useHeldPages().includes(hash);
  const offline = useConnectionState() === 'offline';

  if (holders === undefined) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Holder count unknown</p>;
  }
  const level = healthLevel(holders, heldHere);
  const style = LEVEL_STYLE[level];
  return (
    <div className="flex flex-col gap-1" data-testid="health-meter" data-holders={holders} data-level={level}>
      <div className="flex items-center gap-3">
        <div className="flex gap-1" aria-hidden="true">
          {[1, 2, 3].map((step) => (
            <span
              key={step}
              className={`h-2.5 w-6 rounded-full ${step <= style.filled ? style.bar : 'bg-slate-200 dark:bg-slate-700'}`}
            />
          ))}
        </div>
        {/* Not a live region: the one announcer says each change once (Announcer.tsx). */}
        <p className="text-sm font-medium">
          <span data-testid="holder-count">{shownHolders(holders)}</span> {holders === 1 ? 'holder' : 'holders'}
          <span className="font-normal text-slate-600 dark:text-slate-400">
            {' '}
            · {style.label}
            {offline && ' · last known, reconnecting'}
          </span>
          <span className="sr-only">. {describeHolders(holders, heldHere)}.</span>
        </p>
      </div>
      {!compact && level === 'only-you' && (
        <p className="text-sm text-red-700 dark:text-red-300">
          Only this tab holds the page: if you close it, the page will be gone. Share the link to keep it alive.
        </p>
      )}
      {!compact && level === 'few' && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          A few tabs hold this page. It becomes healthy at {HEALTHY_HOLDERS} holders.
        </p>
      )}
    </div>
  );
}
