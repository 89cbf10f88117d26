import { startBareRelayServer, type BareRelayServer } from '@/bench/bare-relay-server';
import { startBaselineServer, type BaselineServer } from '@/bench/baseline-server';
import { connectClient, hold, visit } from '@/bench/client';
import { makePage } from '@/bench/page';
import { runStorms } from '@/bench/scenario';
import { observations, scrapeBuckets } from '@/bench/server-histogram';
import { Tally } from '@/bench/tally';
import { spawnVisitors, type VisitorPool } from '@/bench/visitor-pool';

// Real servers and generator processes: each spawns under tsx.
jest.setTimeout(180_000);

describe.each([
  ['bare relay', () => startBareRelayServer(0)],
  ['baseline', () => startBaselineServer(0)],
])("the %s's /metrics times want to content as the sidecar's does", (_name, start) => {
  let server: BareRelayServer | BaselineServer;
  beforeEach(async () => {
    server = await start();
  });
  afterEach(() => server.close());

  it('observes one want per visitor served', async () => {
    const url = `http://127.0.0.1:${server.port}`;
    const page = await makePage(1024);
    const tally = new Tally();
    const holder = await connectClient(url, tally);
    await hold(holder, page);
    const visitor = await connectClient(url, tally);
    const before = observations(await scrapeBuckets(url));
    let servedMs = NaN;
    await visit(visitor, page, (ms) => (servedMs = ms));
    expect(servedMs).toBeGreaterThan(0);
    expect(observations(await scrapeBuckets(url)) - before).toBe(1);
    holder.close();
    visitor.close();
  });
});

describe('storms with the visitors in generator processes', () => {
  let visitors: VisitorPool;
  beforeAll(async () => {
    visitors = await spawnVisitors(2, 1024);
  });
  afterAll(() => visitors.stop());

  it('serves arriving and pre-connected visitors, timed by them and by the server, beside each generator', async () => {
    const workload = { holders: 20, visitors: 12, burst: 3, gapMs: 10, pageBytes: 1024 };
    const figures = await runStorms(
      [
        { kind: 'bare', preconnected: false },
        { kind: 'bare', preconnected: true },
      ],
      workload,
      { deadlineMs: 20_000, settleMs: 15_000 },
      visitors,
      () => 1,
      () => {},
    );
    for (const f of figures) {
      expect(f.served).toBe(12);
      expect(f.errors).toEqual({});
      expect(f.eventsPerVisitor['page:content']).toBe(1);
      expect(f.timeToContentMs.p99).not.toBeNull();
      expect(f.serverTimeToContentMs.observed).toBe(12);
      expect(f.serverTimeToContentMs.p99).not.toBeNull();
      expect(f.generators).toHaveLength(2);
      for (const generator of f.generators) expect(generator.loopDelayP99Ms).toBeGreaterThan(0);
    }
    expect(figures.map((f) => f.workload.preconnected)).toEqual([false, true]);
    // Pre-connected visitors did their handshakes before the window: only arriving ones pay for them in bytes.
    expect(figures[1].bytesToClientsPerVisitor).toBeLessThan(figures[0].bytesToClientsPerVisitor);
  });
});
