/**
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '@/realtime/ops/config';

/** The Settings table of docs/PROTOCOL.md: variable and default, as written there. */
function documented(): Map<string, string> {
  const protocol = readFileSync('docs/PROTOCOL.md', 'utf8');
  const section = protocol.slice(protocol.indexOf('## Settings'), protocol.indexOf('A bad value stops the sidecar'));
  const rows = new Map<string, string>();
  for (const [, variable, fallback] of section.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm))
    rows.set(variable, fallback.trim());
  return rows;
}

/** Every environment variable the sidecar's settings read. */
function read(): Set<string> {
  const source = ['realtime/ops/config.ts', 'lib/local-ports.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
  return new Set([...source.matchAll(/env(?:, '|\.)([A-Z_]+)/g)].map(([, name]) => name));
}

const NO_LAN = { lanAddresses: () => [] };

test('docs/PROTOCOL.md names every setting the sidecar reads, and no other', () => {
  // Not protocol settings: the web port the local defaults derive from, the mode, and the log level.
  const operational = ['PORT', 'NODE_ENV', 'LOG_LEVEL'];
  expect([...documented().keys()].sort()).toEqual([...read()].filter((name) => !operational.includes(name)).sort());
});

test('every numeric default in docs/PROTOCOL.md is the code default: setting it changes nothing, setting another value does', () => {
  const defaults = loadConfig({}, NO_LAN);
  const numeric = [...documented()].filter(([, fallback]) => /^\d+$/.test(fallback));
  expect(numeric.length).toBeGreaterThan(10);
  for (const [variable, fallback] of numeric) {
    expect([variable, loadConfig({ [variable]: fallback }, NO_LAN)]).toEqual([variable, defaults]);
    expect([variable, loadConfig({ [variable]: String(Number(fallback) + 1) }, NO_LAN)]).not.toEqual([
      variable,
      defaults,
    ]);
  }
});
