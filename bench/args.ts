import { SERVER_KINDS, type ServerKind } from './ipc';

/** One storm: `holders` hold the page, then `visitors` arrive in bursts of `burst` every `gapMs`. */
export interface StormPlan {
  holders: number;
  visitors: number;
  burst: number;
  gapMs: number;
  /** Storms pooled for the sidecar, each on a fresh server: one storm's p99 is its second-worst visitor. */
  repeat: number;
  /** No baseline: it cannot serve this many holders within any useful deadline. */
  noBaseline?: boolean;
}

/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  /** The storms to run: the set, or the one given on the command line. */
  storms: StormPlan[];
  /** True when the storm came from the command line: docs/BENCHMARK.md is then left alone. */
  custom: boolean;
  pageBytes: number;
  deadlineMs: number;
  servers: ServerKind[];
  /** Also run the steady churn (sidecar). */
  churn: boolean;
  /** Also measure the sidecar's capacity ramp and idle memory. */
  capacity: boolean;
  idleConnections: number;
  /** Processes the visitors are spread over, so that no one event loop is what their latency measures. */
  generators: number;
}

/**
 * The standard run: the default workload pooled over three storms, the
 * issue's storm of 200 visitors on 2,000 holders pooled over six, and 10,000
 * holders. Three storms of 200 made that p99 the sixth-slowest of 600
 * visitors, which moved more between runs than the sidecar and the bare
 * relay differ.
 */
export const STANDARD_STORMS: readonly StormPlan[] = [
  { holders: 500, visitors: 100, burst: 5, gapMs: 50, repeat: 3 },
  { holders: 2000, visitors: 200, burst: 10, gapMs: 20, repeat: 6 },
  { holders: 10_000, visitors: 200, burst: 10, gapMs: 20, repeat: 1, noBaseline: true },
];

const DEFAULTS: Omit<BenchOptions, 'storms' | 'custom'> = {
  pageBytes: 4096,
  deadlineMs: 20_000,
  servers: ['sidecar', 'bare', 'baseline'],
  churn: true,
  capacity: true,
  idleConnections: 10_000,
  generators: 2,
};

const USAGE = `usage: npm run bench -- [--holders N] [--visitors W] [--burst B] [--gap MS] [--repeat R]
  [--page-bytes BYTES] [--deadline MS] [--servers sidecar,bare,baseline,two-node]
  [--two-node] [--no-churn] [--no-capacity] [--idle-connections COUNT] [--generators PROCESSES]
Without --holders/--visitors/--burst/--gap/--repeat it runs the standard storms
(N=500, 2,000 and 10,000) and updates bench/results/ and docs/BENCHMARK.md.`;

const STORM_OPTIONS: Record<string, keyof Omit<StormPlan, 'noBaseline'>> = {
  '--holders': 'holders',
  '--visitors': 'visitors',
  '--burst': 'burst',
  '--gap': 'gapMs',
  '--repeat': 'repeat',
};

const NUMERIC: Record<string, 'pageBytes' | 'deadlineMs' | 'idleConnections' | 'generators'> = {
  '--page-bytes': 'pageBytes',
  '--deadline': 'deadlineMs',
  '--idle-connections': 'idleConnections',
  '--generators': 'generators',
};

function positive(arg: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} takes a positive whole number\n${USAGE}`);
  return value;
}

/** Parses argv (after the script name); throws with the usage on anything unknown. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: Omit<BenchOptions, 'storms' | 'custom'> = { ...DEFAULTS, servers: [...DEFAULTS.servers] };
  const storm: StormPlan = { ...STANDARD_STORMS[0] };
  let custom = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--two-node') options.servers.push('two-node');
    else if (arg === '--no-capacity') options.capacity = false;
    else if (arg === '--no-churn') options.churn = false;
    else if (arg === '--servers') {
      const list = (argv[++i] ?? '').split(',');
      if (!list.every((s): s is ServerKind => (SERVER_KINDS as readonly string[]).includes(s))) {
        throw new Error(`--servers takes ${SERVER_KINDS.join(', ')}\n${USAGE}`);
      }
      options.servers = list;
    } else if (arg in STORM_OPTIONS) {
      storm[STORM_OPTIONS[arg]] = positive(arg, argv[++i]);
      custom = true;
    } else if (arg in NUMERIC) {
      options[NUMERIC[arg]] = positive(arg, argv[++i]);
    } else throw new Error(`unknown option "${arg}"\n${USAGE}`);
  }
  return { ...options, storms: custom ? [storm] : STANDARD_STORMS.map((s) => ({ ...s })), custom };
}
