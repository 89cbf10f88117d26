import { Crowd } from './crowd';
import type { FromHolders, ToHolders } from './ipc';
import { makePage } from './page';
import { Tally } from './tally';

/**
 * Child-process entry: plays the N holders. In life they are N other
 * machines; here they at least get their own event loop, so that a broadcast
 * to all of them does not queue in front of the visitors whose latency the
 * runner measures.
 */

const ACTIVITY_EVERY_MS = 50;

function send(message: FromHolders): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [urls, count, pageBytes] = process.argv.slice(2);
  const tally = new Tally();
  const crowd = new Crowd(urls.split(','), tally);
  await crowd.addHolders(Number(count), await makePage(Number(pageBytes)));

  // The runner waits for quiet across all clients: tell it when these last heard something.
  let reported = 0;
  setInterval(() => {
    if (tally.lastReceivedAt === reported) return;
    reported = tally.lastReceivedAt;
    send({ type: 'activity', at: performance.timeOrigin + reported });
  }, ACTIVITY_EVERY_MS);

  process.on('message', (message: ToHolders) => {
    switch (message.type) {
      case 'reset':
        tally.reset();
        return send({ type: 'reset' });
      case 'snapshot':
        return send({ type: 'snapshot', counts: tally.snapshot() });
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
