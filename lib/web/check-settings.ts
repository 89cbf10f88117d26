import { readRuntimeConfig } from '../../app/runtime-config';

/** Stops the Node.js server at start, with one message naming the variable, when a web setting is bad. */
export function checkSettingsOrExit(): void {
  try {
    readRuntimeConfig();
  } catch (err) {
    console.error(`web: ${(err as Error).message}`);
    process.exit(1);
  }
}
