/**
 * @jest-environment node
 */
import { honestVisitorServed, sidecarPerTest } from '../helpers/attack';
import { eventually } from '../helpers/processes';
import { page, type Client } from '../helpers/realtime';

// Issue 10, case 3: binary packets with many attachments, or never finished.
jest.setTimeout(60_000);

const { net, start } = sidecarPerTest();

/** Writes a raw Socket.IO packet (and then raw binary attachments) on the client's engine. */
function writeRaw(client: Client, ...messages: (string | Buffer)[]) {
  for (const message of messages) client.io.engine.write(message as never);
}

const header = (attachments: number) => {
  const placeholders = Array.from({ length: attachments }, (_, num) => ({ _placeholder: true, num }));
  return `5${attachments}-${JSON.stringify(['page:have', { hash: page('x').hash, parts: placeholders }])}`;
};

test('a packet announcing more than one binary attachment closes its connection at once; others keep relaying', async () => {
  await start();
  const attackers = await Promise.all(Array.from({ length: 6 }, () => net.client()));
  for (const a of attackers) writeRaw(a, header(9), ...Array.from({ length: 8 }, () => Buffer.alloc(1024 * 1024, 7)));
  await eventually(
    () => expect(attackers.filter((a) => a.connected)).toHaveLength(0),
    15_000,
    'attackers disconnected',
  );
  await honestVisitorServed(() => net.peer());
});

test('an unfinished binary packet (its attachment never sent) closes its connection after REQUEST_TIMEOUT_MS', async () => {
  await start({ REQUEST_TIMEOUT_MS: '500' });
  const parked = await net.client();
  const started = performance.now();
  let closedAfter: number | undefined;
  parked.once('disconnect', () => (closedAfter = performance.now() - started));
  writeRaw(parked, header(1));
  const honest = await net.client();
  expect(honest.connected).toBe(true);
  // Polled rather than raced against a timer, which would outlive the test and keep jest from exiting.
  const after = await eventually(() => closedAfter ?? Promise.reject(new Error('still open')), 5000, 'parked closed');
  expect(after).toBeGreaterThanOrEqual(400);
  expect(after).toBeLessThan(3000);
  expect(honest.connected).toBe(true);
});
