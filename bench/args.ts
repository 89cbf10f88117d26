import type { ServerKind } from './ipc';

/** Command-line options of `npm run bench`; defaults are the storm. */
export interface BenchOptions {
  holders: number;
  visitors: number;
  burst: number;
  gapMs: number;
  pageBytes: number;
  deadlineMs: number;
  /** Storms pooled for the sidecar, each on a fresh server: one storm's p99 is its second-worst visitor. */
  repeat: number;
  servers: ServerKind[];
  /** Also run N = 100, 500, 2000 for both servers and draw the chart. */
  sweep: boolean;
  /** Also measure the sidecar's capacity ramp and idle memory. */
  capacity: boolean;
  idleConnections: number;
}

const DEFAULTS: BenchOptions = {
  holders: 500,
  visitors: 100,
  burst: 5,
  gapMs: 50,
  pageBytes: 4096,
  deadlineMs: 20_000,
  repeat: 3,
  servers: ['sidecar', 'baseline'],
  sweep: false,
  capacity: true,
  idleConnections: 10_000,
};

const USAGE = `usage: npm run bench -- [--holders N] [--visitors W] [--burst B] [--gap MS]
  [--page-bytes BYTES] [--deadline MS] [--repeat R] [--servers sidecar,baseline,two-node]
  [--two-node] [--sweep] [--no-capacity] [--idle-connections COUNT]`;

const NUMERIC: Record<string, keyof BenchOptions> = {
  '--holders': 'holders',
  '--visitors': 'visitors',
  '--burst': 'burst',
  '--gap': 'gapMs',
  '--page-bytes': 'pageBytes',
  '--deadline': 'deadlineMs',
  '--repeat': 'repeat',
  '--idle-connections': 'idleConnections',
};

/** Parses argv (after the script name); throws with the usage on anything unknown. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, servers: [...DEFAULTS.servers] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sweep') options.sweep = true;
    else if (arg === '--two-node') options.servers.push('two-node');
    else if (arg === '--no-capacity') options.capacity = false;
    else if (arg === '--servers') {
      const list = (argv[++i] ?? '').split(',');
      if (!list.every((s): s is ServerKind => s === 'sidecar' || s === 'baseline' || s === 'two-node')) {
        throw new Error(`--servers takes sidecar, baseline and/or two-node\n${USAGE}`);
      }
      options.servers = list;
    } else if (arg in NUMERIC) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} takes a positive whole number\n${USAGE}`);
      (options[NUMERIC[arg]] as number) = value;
    } else throw new Error(`unknown option "${arg}"\n${USAGE}`);
  }
  return options;
}
