import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'ephemeral-p2p';

/**
 * This package's version from its package.json, found by walking up from
 * this file: it sits at cli/ in a clone and at dist/cli/cli/ once built.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here, or not ours: look further up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
