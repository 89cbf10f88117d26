/**
 * Preloaded into sidecar processes started by tests: SIGUSR2 runs a full
 * garbage collection and says so on stderr, so a memory figure can be read
 * from a settled heap instead of whenever V8 happens to collect.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

process.on('SIGUSR2', () => {
  gc();
  process.stderr.write('gc-on-signal: collected\n');
});
