#!/usr/bin/env node
import { withoutControls } from '../lib/display-text';
import { parseCommand, USAGE } from './args';
import { get } from './commands/get';
import { hold } from './commands/hold';
import { share } from './commands/share';
import { writeAll, type CommandContext } from './context';
import { CliError, EXIT, type ExitCode } from './errors';
import { StatusLine } from './status';
import { packageVersion } from './version';
import { whenWrapperExits } from './wrapper';

/** Runs the command line and resolves to the exit code; a failure is a CliError. */
async function run(argv: string[], context: CommandContext): Promise<ExitCode> {
  const command = parseCommand(argv, process.env);
  switch (command.name) {
    case 'help':
      await writeAll(context.stdout, `${USAGE[command.topic ?? 'main']}\n`);
      return EXIT.ok;
    case 'version':
      await writeAll(context.stdout, `${packageVersion()}\n`);
      return EXIT.ok;
    case 'share':
      return share(command, context);
    case 'get':
      return get(command, context);
    case 'hold':
      return hold(command, context);
  }
}

/** One line for any failure: the CliError's sentence, or the message of what went wrong unexpectedly, never a stack. */
function report(error: unknown): ExitCode {
  const cli = error instanceof CliError;
  const message = cli ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  // Messages quote what the app, the relay or a file name said: on one line, and without controls.
  process.stderr.write(`ephemeral-p2p: ${withoutControls(message.replace(/\s*\n\s*/g, ' '))}\n`);
  return cli ? error.exitCode : EXIT.failed;
}

function main(): void {
  const stopper = new AbortController();
  const status = new StatusLine(process.stderr);
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    // A second Ctrl-C means now, even if leaving cleanly hangs.
    if (signals > 1) process.exit(EXIT.interrupted);
    stopper.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Under npx, a signal to the wrapper never reaches this process: its exit stands in for one.
  whenWrapperExits(process.env, () => stopper.abort());
  // A reader that went away (`get LINK | head`) is not a failure of the page.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.exit(report(error));
  });
  process.on('uncaughtException', (error) => process.exit(report(error)));
  process.on('unhandledRejection', (error) => process.exit(report(error)));

  const context: CommandContext = { stdin: process.stdin, stdout: process.stdout, status, stop: stopper.signal };
  run(process.argv.slice(2), context).then(
    (code) => process.exit(code),
    (error: unknown) => {
      status.clear();
      process.exit(report(error));
    },
  );
}

main();
