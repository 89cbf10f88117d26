/**
 * A connection with no more than this queued has read what it was sent: its
 * wants may ask holders. Well under a page, well over a burst of counts.
 */
export const READ_WATERMARK = 64 * 1024;

/** How often the backlog of a connection whose wants wait is looked at. */
export const CHECK_MS = 250;

/**
 * The far end of a connection, as pacing sees it. The glue reads it from
 * Engine.IO (engine-internals.ts); tests, from a number.
 */
export interface Reader {
  /** Bytes queued for it and not read yet. */
  backlog(): number;
  /** Closes it now, discarding its queue. */
  close(): void;
}

export interface PaceSettings {
  /** Bytes a connection may have queued and unread; a page that would take it past this waits for it to read. */
  backlogLimit: number;
  /** A connection whose wants wait and whose backlog does not shrink for this long is disconnected. */
  stalledReaderMs: number;
  /** Reports a connection disconnected for it, with what it left unread. */
  onStalled: (backlog: number) => void;
}

/** The connection's wants, as far as they wait for it to read (a ConnectionPages). */
export interface WaitingWants {
  /** True while a want waits. */
  readonly behind: boolean;
  /** Registers every want that waits. */
  resume(): void;
}

/**
 * How fast one connection is sent pages: the sidecar never fetches or queues
 * pages faster than their reader takes them. Every decision reads the
 * reader's backlog. While a want of it waits, one timer watches that backlog:
 * once it is read, the wants resume; a connection whose backlog does not
 * shrink for `stalledReaderMs` meanwhile has stopped reading, and is closed,
 * its queue discarded (the memory it holds is the point). No timer runs for a
 * connection with nothing waiting.
 */
export class ReaderPace {
  private timer: ReturnType<typeof setInterval> | undefined;
  private waiting: WaitingWants | undefined;
  private last = 0;
  private progressAt = 0;

  constructor(
    private readonly reader: Reader,
    private readonly settings: PaceSettings,
  ) {}

  /** True while it has read (nearly) all it was sent: a want of it may cost a holder an upload now. */
  keepingUp(): boolean {
    return this.reader.backlog() <= READ_WATERMARK;
  }

  /**
   * Serve now, or wait for the reader: true when a page of `bytes` may be
   * queued for it now. Queued past the cap, the page would sit in memory for
   * a reader behind on what it has.
   */
  takesNow(bytes: number): boolean {
    return this.reader.backlog() + bytes <= this.settings.backlogLimit;
  }

  /** A want of the connection now waits for it to read: `wants.resume()` once it keeps up. */
  waitFor(wants: WaitingWants): void {
    this.waiting = wants;
    if (this.timer) return;
    this.last = this.reader.backlog();
    this.progressAt = Date.now();
    this.timer = setInterval(() => this.check(), CHECK_MS);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    if (!this.waiting?.behind) return this.dispose();
    const backlog = this.reader.backlog();
    if (backlog <= READ_WATERMARK) {
      this.dispose();
      this.waiting.resume();
      return;
    }
    const now = Date.now();
    if (backlog < this.last) this.progressAt = now;
    this.last = backlog;
    if (now - this.progressAt < this.settings.stalledReaderMs) return;
    this.dispose();
    this.settings.onStalled(backlog);
    this.reader.close();
  }
}
