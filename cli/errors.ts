/**
 * Exit codes, so a script can tell a mistake in its command line from a page
 * that could not be had. Listed in the README's CLI section.
 */
export const EXIT = {
  ok: 0,
  /** The command was understood but failed: unreachable app or relay, unreadable file, too large, wrong key. */
  failed: 1,
  /** The command line itself is wrong: unknown command or option, bad value, a link that is not a page address. */
  usage: 2,
  /** Nobody sent the page before the timeout: nobody holds it (any more). */
  notFound: 3,
  /** Stopped by Ctrl-C or SIGTERM before there was anything to hold (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports as one line on standard error, then exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A mistake in the command line: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}

/** Ctrl-C or SIGTERM arrived while a command was still getting ready. */
export function interrupted(): CliError {
  return new CliError('stopped', EXIT.interrupted);
}
