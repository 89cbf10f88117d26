'use client';

import { describeHolders, healthLevel, type HealthLevel } from '../lib/client/health';
import { shownHolders } from '../lib/holder-count';
import { useConnectionState, useHeldPages, useShownHolders } from './realtime-hooks';

/**
 * Neutral colours while the page lives; alarm colours only where closing
 * this tab would lose the page ("only this tab") or it is already gone.
 */
const LEVEL_STYLE: Record<HealthLevel, { label: string; bar: string; text: string; filled: number }> = {
  gone: { label: 'gone', bar: 'bg-red-600', text: 'text-red-700 dark:text-red-300', filled: 0 },
  'only-you': { label: 'only this tab', bar: 'bg-red-600', text: 'text-red-700 dark:text-red-300', filled: 1 },
  few: { label: '', bar: 'bg-sky-600 dark:bg-sky-400', text: '', filled: 2 },
  healthy: { label: 'healthy', bar: 'bg-sky-600 dark:bg-sky-400', text: '', filled: 3 },
};

/**
 * The page's live holder count on one line, with a three-step scale (only
 * this tab, a few, healthy). Changes are announced by the Announcer, not here.
 * `stopped`: this tab has just let go of the page, so an unknown count says so.
 */
export function HealthMeter({ hash, stopped = false }: { hash: string; compact?: boolean; stopped?: boolean }) {
  const holders = useShownHolders(hash);
  const heldHere = useHeldPages().includes(hash);
  const offline = useConnectionState() === 'offline';

  if (holders === undefined) {
    const why = offline
      ? 'Holders: known again when the relay is back'
      : stopped
        ? 'You stopped holding it'
        : 'Counting holders…';
    return (
      <p data-testid="health-meter-unknown" className="text-sm text-slate-600 dark:text-slate-400">
        {why}
      </p>
    );
  }
  const level = healthLevel(holders, heldHere);
  const style = LEVEL_STYLE[level];
  return (
    <div
      className="flex items-center gap-2"
      data-testid="health-meter"
      data-hash={hash}
      data-holders={holders}
      data-level={level}
    >
      <div className="flex gap-1" aria-hidden="true">
        {[1, 2, 3].map((step) => (
          <span
            key={step}
            className={`h-2 w-4 rounded-full ${step <= style.filled ? style.bar : 'bg-slate-300 dark:bg-slate-600'}`}
          />
        ))}
      </div>
      {/* Not a live region: the one announcer says each change once (Announcer.tsx). */}
      <p className={`text-sm font-medium ${style.text}`}>
        <span data-testid="holder-count">{shownHolders(holders)}</span> {holders === 1 ? 'holder' : 'holders'}
        {(style.label || offline) && (
          <span className="font-normal">
            {style.label && ` · ${style.label}`}
            {offline && ' · last known'}
          </span>
        )}
        <span className="sr-only">. {describeHolders(holders, heldHere)}.</span>
      </p>
    </div>
  );
}
