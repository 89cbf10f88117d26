import { Crowd } from './crowd';
import type { FromClients } from './ipc';
import { makePage } from './page';
import { serveTally } from './remote-tally';
import { Tally } from './tally';

/**
 * Child-process entry: plays the N holders. In life they are N other
 * machines; here they at least get their own event loop, so that a broadcast
 * to all of them does not queue in front of the visitors whose latency the
 * runner measures.
 */

function send(message: FromClients): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [urls, count, pageBytes] = process.argv.slice(2);
  const tally = new Tally();
  const crowd = new Crowd(urls.split(','), tally);
  await crowd.addHolders(Number(count), await makePage(Number(pageBytes)));

  serveTally(tally, send);
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
