import { parseArgs } from './args';
import { runStormScenario } from './scenario';

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const workload = {
    holders: options.holders,
    visitors: options.visitors,
    burst: options.burst,
    gapMs: options.gapMs,
    pageBytes: options.pageBytes,
  };
  for (const kind of options.servers) {
    const t = performance.now();
    const f = await runStormScenario(kind, workload, { deadlineMs: options.deadlineMs, settleMs: 15_000 });
    console.log(JSON.stringify(f, null, 1), (performance.now() - t) / 1000);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
