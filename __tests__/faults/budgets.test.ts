/**
 * @jest-environment node
 */
import { honestVisitorServed, sidecarPerTest } from '../helpers/attack';
import { readMetrics } from '../helpers/realtime';

// Issue 10, case 5: one long-polling POST carrying a hundred thousand tiny events.
jest.setTimeout(60_000);

const { net, sidecar, start } = sidecarPerTest();

/** Opens a raw long-polling Engine.IO session connected to the default namespace; returns its POST URL. */
async function pollingSession(base: string): Promise<string> {
  const open = await (await fetch(`${base}/socket.io/?EIO=4&transport=polling`)).text();
  const { sid } = JSON.parse(open.slice(1)) as { sid: string };
  const url = `${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
  await fetch(url, { method: 'POST', body: '40' });
  await fetch(url); // the CONNECT answer
  return url;
}

/** What /healthz answered, each request sent after the last was answered, until `flood` settles; the first is sent at once. */
async function healthDuring(base: string, flood: Promise<unknown>) {
  let over = false;
  void flood.finally(() => (over = true));
  const answers: { status: number; body: unknown; beforeEnd: boolean }[] = [];
  do {
    const res = await fetch(`${base}/healthz`);
    answers.push({ status: res.status, body: await res.json(), beforeEnd: !over });
  } while (!over);
  return answers;
}

/** Bombs: a megabyte of tiny events in one long-polling POST each, one session after another. */
const BOMBS = 5;

test('1 MB long-polling POSTs of 111,111 tiny events are refused unread: /healthz answers 200 ok while they arrive and an honest visitor is served meanwhile', async () => {
  await start();
  const base = sidecar().url;
  const body = Array.from({ length: 111_111 }, (_, i) => `42${i % 1000}["page:leave",{}]`)
    .join('\x1e')
    .slice(0, 1_000_000);
  const sessions: string[] = [];
  const flood = (async () => {
    for (let i = 0; i < BOMBS; i++) {
      const url = await pollingSession(base);
      sessions.push(url);
      await (await fetch(url, { method: 'POST', body })).text();
    }
  })();
  const [health] = await Promise.all([healthDuring(base, flood), honestVisitorServed(() => net.peer())]);
  await flood;
  // The load balancer keeps the node in: health answered while the flood was under way, every time in service.
  expect(health.filter((a) => a.beforeEnd).length).toBeGreaterThan(0);
  for (const a of health) expect(a).toMatchObject({ status: 200, body: { status: 'ok' } });
  // Refused before decoding: none of the bombs' events reached a handler (each would be counted
  // rejected: its payload is no page reference, and most are over the event budget)...
  const rejected = Object.entries(await readMetrics(base)).filter(([name]) =>
    name.startsWith('ephemeral_rejected_events_total'),
  );
  expect(rejected.filter(([, count]) => count > 0)).toEqual([]);
  // ...and each bomb's session is closed: its next poll reads the close packet.
  for (const url of sessions) expect((await (await fetch(url)).text()).split('\x1e')).toContain('1');
});
