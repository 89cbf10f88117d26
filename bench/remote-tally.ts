import type { FromClients, ToClients } from './ipc';
import type { Tally, TallyCounts } from './tally';

/** What clients playing in another process counted, as the runner sees it. */
export interface CountedClients {
  /** performance.now() (the runner's clock) when one of them last received anything. */
  lastReceivedAt(): number;
  /** Forgets everything counted so far: setup is not the workload. */
  reset(): Promise<void>;
  snapshot(): Promise<TallyCounts>;
}

const ACTIVITY_EVERY_MS = 50;

/**
 * Child side: answers the runner's reset and snapshot from `tally`, and tells
 * it when these clients last heard something, as the runner waits for quiet
 * across every client.
 */
export function serveTally(tally: Tally, send: (message: FromClients) => void): void {
  let reported = 0;
  setInterval(() => {
    if (tally.lastReceivedAt === reported) return;
    reported = tally.lastReceivedAt;
    send({ type: 'activity', at: performance.timeOrigin + reported });
  }, ACTIVITY_EVERY_MS);
  process.on('message', (message: ToClients) => {
    switch (message.type) {
      case 'reset':
        tally.reset();
        return send({ type: 'reset' });
      case 'snapshot':
        return send({ type: 'snapshot', counts: tally.snapshot() });
    }
  });
}

/** What the runner needs of any child that plays clients, whatever else it answers. */
interface TallyChannel {
  on(listener: (message: { type: string }) => void): void;
  ask(message: ToClients, reply: ToClients['type']): Promise<{ type: string }>;
}

const isActivity = (message: { type: string }): message is Extract<FromClients, { type: 'activity' }> =>
  message.type === 'activity';

/** Runner side: the counts of the clients that `child` plays. */
export function countedIn(child: TallyChannel): CountedClients {
  let lastAt = 0;
  child.on((message) => {
    // Both processes' clocks count from their own origin: the epoch is what they share.
    if (isActivity(message)) lastAt = Math.max(lastAt, message.at - performance.timeOrigin);
  });
  return {
    lastReceivedAt: () => lastAt,
    reset: async () => {
      await child.ask({ type: 'reset' }, 'reset');
    },
    snapshot: async () => {
      // The answer to a snapshot is the snapshot: ask resolves only with a reply of the type asked for.
      const answer = await child.ask({ type: 'snapshot' }, 'snapshot');
      return (answer as Extract<FromClients, { type: 'snapshot' }>).counts;
    },
  };
}
