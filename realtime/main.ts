import pino from 'pino';
import { ConfigError, loadConfig } from './ops/config';
import { prettyDestination } from './ops/pretty-log';
import { startRealtimeServer } from './server';

/** The sidecar process: settings from the environment, once; a bad one stops it at start. */
async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`realtime: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  // `--pretty-log` (npm run dev): readable lines beside Next's; otherwise JSON, for log collectors.
  const options = { name: 'realtime', level: config.logLevel };
  const log = process.argv.includes('--pretty-log') ? pino(options, prettyDestination()) : pino(options);
  const server = await startRealtimeServer(config, { logger: log });

  // The first signal drains (DRAIN_MS), a second one closes at once.
  let stopping = false;
  const stop = (signal: string) => {
    log.info({ signal, drainMs: stopping ? 0 : config.drainMs }, 'shutting down');
    (stopping ? server.close() : server.shutdown()).then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
    stopping = true;
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
    stopping = true;
  });
}

void main();
