// Browser tests: real Chromium against the built app (npm run build) and a real sidecar.
// Prints "N passed, N failed" last and exits non-zero on any failure.
//   node e2e/run.mjs [words]                 the normal suite (tests.mjs)
//   node e2e/run.mjs --suite faults [words]  the fault suite (faults.mjs)
// Words select the tests whose names contain them.
import { existsSync, mkdirSync } from 'node:fs';
import { launchBrowser } from './browser.mjs';
import { startServers } from './servers.mjs';
import { defineCliFaultTests, defineCliTests } from './cli.mjs';
import { defineCountTests } from './counts.mjs';
import { defineDefaultsTests } from './defaults.mjs';
import { defineEarlyStartTests } from './early-start.mjs';
import { defineFaultTests } from './faults.mjs';
import { defineReloadTests } from './reload.mjs';
import { defineTests } from './tests.mjs';
import { defineUxTests } from './ux.mjs';

// Each suite is a list of modules; a module returns its tests. One line per module.
const SUITES = {
  e2e: [
    defineTests,
    defineReloadTests,
    defineCliTests,
    defineCountTests,
    defineUxTests,
    defineDefaultsTests,
    defineEarlyStartTests,
  ],
  faults: [defineFaultTests, defineCliFaultTests],
};

const ROOT = new URL('..', import.meta.url).pathname;
const TEST_TIMEOUT_MS = 60_000;
const PAGE_MAX_BYTES = 65_536;

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `--suite <name>` and the words that select tests by name. */
function parseArgs(args) {
  const at = args.indexOf('--suite');
  const suite = at === -1 ? 'e2e' : args[at + 1];
  if (!SUITES[suite]) throw new Error(`unknown suite "${suite}": use one of ${Object.keys(SUITES).join(', ')}`);
  const words = at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
  const modules = SUITES[suite];
  return { define: (context) => modules.flatMap((defineModule) => defineModule(context)), only: words.join(' ') };
}

async function main() {
  const { define, only } = parseArgs(process.argv.slice(2));
  for (const built of ['.next/BUILD_ID', 'dist/realtime/realtime/main.js', 'dist/cli/cli/main.js']) {
    if (!existsSync(`${ROOT}/${built}`)) {
      throw new Error(
        `The app is not built (${built} is missing): run "npm run build" first, or "npm run test:e2e", which builds.`,
      );
    }
  }
  const logDir = `${ROOT}/e2e/.artifacts`;
  // SCREENSHOTS_DIR=docs/screenshots refreshes the README's pictures.
  const screenshots = process.env.SCREENSHOTS_DIR ?? `${logDir}/screenshots`;
  mkdirSync(logDir, { recursive: true });
  mkdirSync(screenshots, { recursive: true });

  const servers = await startServers({ logDir, pageMaxBytes: PAGE_MAX_BYTES });
  servers.pageMaxBytes = PAGE_MAX_BYTES;
  const browser = await launchBrowser(servers.lanOrigin ? [new URL(servers.lanOrigin).hostname] : []);
  let passed = 0;
  let failed = 0;
  try {
    for (const test of define({ browser, servers, screenshots, logDir })) {
      if (only && !test.name.includes(only)) continue;
      const started = Date.now();
      try {
        const outcome = await withTimeout(test.run(), test.timeoutMs ?? TEST_TIMEOUT_MS, test.name);
        if (typeof outcome === 'string' && outcome.startsWith('skip')) {
          console.log(`ok - ${test.name} # ${outcome}`);
          continue;
        }
        passed += 1;
        console.log(`ok - ${test.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed += 1;
        console.log(
          `not ok - ${test.name}\n  ${String(error?.stack ?? error)
            .split('\n')
            .slice(0, 6)
            .join('\n  ')}`,
        );
      } finally {
        await test.after();
      }
    }
  } finally {
    await browser.close();
    await servers.stop();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
