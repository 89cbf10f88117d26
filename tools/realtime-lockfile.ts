/**
 * The sidecar image installs from realtime/package-lock.json (see the
 * Dockerfile), without the web app's dependencies. That lock is derived from
 * the root one, the lock every test runs on, so the image gets exactly the
 * versions that were tested: `npm run lock:realtime` writes it, and a test
 * fails when the committed one differs from what this derives.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
  [field: string]: unknown;
}

interface Manifest {
  name: string;
  version: string;
  license?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string>;
}

/** Where npm finds `name` for the package installed at `from`: its own node_modules, then each one above. */
function resolve(packages: Lockfile['packages'], name: string, from: string): string | undefined {
  for (let at = from; ; at = at.slice(0, Math.max(0, at.lastIndexOf('/node_modules/')))) {
    const key = `${at ? `${at}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (!at) return undefined;
  }
}

/** What a package needs installed beside it. */
function needs(entry: LockEntry): string[] {
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  return [
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.optionalDependencies ?? {}),
    ...Object.keys(entry.peerDependencies ?? {}).filter((peer) => !optionalPeers[peer]?.optional),
  ];
}

/** Every installed package reachable from `roots`. */
function reachable(root: Lockfile, roots: string[]): Set<string> {
  const found = new Set<string>();
  const queue = roots.map((name) => ({ name, from: '' }));
  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    const key = resolve(root.packages, name, from);
    if (!key || found.has(key)) continue;
    found.add(key);
    for (const dependency of needs(root.packages[key])) queue.push({ name: dependency, from: key });
  }
  return found;
}

/** The sidecar's lockfile: its manifest, and the root lock's entry for every package it installs. */
export function realtimeLockfile(root: Lockfile, manifest: Manifest): Lockfile {
  const production = reachable(root, Object.keys(manifest.dependencies ?? {}));
  const all = reachable(root, [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
  ]);
  const packages: Lockfile['packages'] = {
    '': {
      name: manifest.name,
      version: manifest.version,
      license: manifest.license,
      dependencies: manifest.dependencies,
      devDependencies: manifest.devDependencies,
      engines: manifest.engines,
    },
  };
  for (const key of [...all].sort()) {
    // The root's flags say how the web app reaches a package; here only the sidecar's own reach counts.
    const { dev: _dev, optional: _optional, devOptional: _devOptional, peer: _peer, ...entry } = root.packages[key];
    packages[key] = production.has(key) ? entry : { ...entry, dev: true };
  }
  return { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages };
}

export const serialise = (lock: Lockfile) => `${JSON.stringify(lock, null, 2)}\n`;

if (require.main === module) {
  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
  const lock = realtimeLockfile(read('package-lock.json'), read('realtime/package.json'));
  writeFileSync('realtime/package-lock.json', serialise(lock));
  console.log(`realtime/package-lock.json: ${Object.keys(lock.packages).length - 1} packages, from the root lock`);
}
