/**
 * @jest-environment node
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realtimeLockfile, serialise } from '@/tools/realtime-lockfile';

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const rootLock = read('package-lock.json');
const manifest = read('realtime/package.json') as { dependencies: Record<string, string> };

/** Packages the sidecar's own source imports (node: built-ins aside). */
function importedBySidecar(dir = 'realtime'): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) importedBySidecar(path).forEach((name) => found.add(name));
    else if (entry.name.endsWith('.ts')) {
      for (const [, spec] of readFileSync(path, 'utf8').matchAll(/from '([^.'][^']*)'/g)) {
        if (spec.startsWith('node:')) continue;
        found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
  }
  return found;
}

test('the image installs exactly what the tests ran on: realtime/package-lock.json is derived from the root lock (npm run lock:realtime)', () => {
  expect(readFileSync('realtime/package-lock.json', 'utf8')).toBe(
    serialise(realtimeLockfile(rootLock, read('realtime/package.json'))),
  );
});

test("the sidecar's dependencies are pinned to the root lock's versions", () => {
  for (const [name, version] of Object.entries(manifest.dependencies)) {
    expect(`${name}@${version}`).toBe(`${name}@${rootLock.packages[`node_modules/${name}`]?.version}`);
  }
});

test('every package the sidecar imports is declared, and nothing else but what its Engine.IO glue reads', () => {
  const imported = importedBySidecar();
  // engine-internals.ts reads engine.io's and ws's internals: pinned, though only their dependents import them.
  const declared = new Set(Object.keys(manifest.dependencies).filter((name) => !['engine.io', 'ws'].includes(name)));
  // lib/ code the sidecar compiles in (validation) needs zod.
  declared.delete('zod');
  expect([...imported].sort()).toEqual([...declared].sort());
});
