import type { RelayClient } from '../lib/relay-client';
import { Crowd } from './crowd';
import type { FromVisitors, ToVisitors } from './ipc';
import { makePage } from './page';
import { serveTally } from './remote-tally';
import { stormShare, type Share } from './storm';
import { Tally } from './tally';

/**
 * Child-process entry: one of the load generators that play the visitors
 * whose latency is measured. Each times its own visitors, want to verified
 * content, on its own clock; spread over several processes, the visitors'
 * connecting and reading do not queue behind one event loop, which would
 * otherwise be what the latencies measure.
 */

function send(message: FromVisitors): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [pageBytes, index, of] = process.argv.slice(2).map(Number);
  const share: Share = { index, of };
  const page = await makePage(pageBytes);
  const tally = new Tally();
  const crowds: Crowd[] = [];
  /** Connected before the storm and not yet given to a visitor. */
  let waiting: RelayClient[] = [];
  let connectedAt: number[] = [];
  const crowdFor = (urls: string[]) => {
    const crowd = new Crowd(urls, tally);
    crowds.push(crowd);
    return crowd;
  };
  const connect = async (crowd: Crowd) => {
    const client = await crowd.connect();
    connectedAt.push(performance.timeOrigin + performance.now());
    return client;
  };

  serveTally(tally, send);
  const answer = async (message: ToVisitors) => {
    switch (message.type) {
      case 'connect': {
        const crowd = crowdFor(message.urls);
        const mine = Math.floor(message.count / of) + (index < message.count % of ? 1 : 0);
        waiting = await Promise.all(Array.from({ length: mine }, () => connect(crowd)));
        return send({ type: 'connected' });
      }
      case 'storm': {
        const crowd = crowdFor(message.urls);
        const next = () => Promise.resolve(waiting.shift() ?? connect(crowd));
        const outcome = await stormShare(next, page, message.arrivals, share, message.deadlineMs);
        return send({ type: 'stormed', outcome: { ...outcome, connectedAt: [...connectedAt] } });
      }
      case 'leave':
        for (const crowd of crowds.splice(0)) crowd.close();
        waiting = [];
        connectedAt = [];
        return send({ type: 'left' });
    }
  };
  process.on('message', (message: ToVisitors) => {
    answer(message).catch((err) => {
      console.error(err);
      process.exit(1);
    });
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
