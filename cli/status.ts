/** The stream status goes to: standard error, which may or may not be a terminal. */
export interface StatusStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

import { withoutControls } from '../lib/display-text';

const CLEAR_LINE = '\r\x1b[2K';

/**
 * Live status on standard error: on a terminal, one line rewritten in place;
 * otherwise (a log, a pipe) one line per change, so a log reads as a history.
 */
export class StatusLine {
  private current = '';

  constructor(private readonly stream: StatusStream) {}

  /** Replaces the status; nothing is written when it has not changed. */
  show(status: string): void {
    // Status quotes the relay and the app (URLs, refusals): neither may drive the terminal.
    const text = withoutControls(status);
    if (text === this.current) return;
    this.current = text;
    if (this.stream.isTTY) this.stream.write(CLEAR_LINE + this.fit(text));
    else this.stream.write(`${text}\n`);
  }

  /**
   * A step on the way (connecting, waiting for a page): shown on a terminal,
   * left out of a log, where only changes of state and failures belong.
   */
  progress(text: string): void {
    if (this.stream.isTTY) this.show(text);
  }

  /** A line that stays (a warning, a page given up on), written above the status. */
  note(line: string): void {
    const text = withoutControls(line);
    if (!this.stream.isTTY) {
      this.stream.write(`${text}\n`);
      return;
    }
    this.stream.write(`${CLEAR_LINE}${text}\n${this.fit(this.current)}`);
  }

  /** Takes the status off a terminal, before standard output writes to the same screen or an error takes its place. */
  clear(): void {
    if (this.stream.isTTY && this.current) this.stream.write(CLEAR_LINE);
    this.current = '';
  }

  /** Leaves the last status on screen and moves below it. */
  end(): void {
    if (this.stream.isTTY && this.current) this.stream.write('\n');
    this.current = '';
  }

  /** Cut to the terminal's width: a wrapped line cannot be rewritten in place. */
  private fit(text: string): string {
    const width = this.stream.columns;
    return width && text.length >= width ? `${text.slice(0, Math.max(width - 2, 1))}…` : text;
  }
}
