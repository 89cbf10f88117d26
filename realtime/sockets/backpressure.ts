import type { Logger } from 'pino';
import type { Reader, WaitingWants } from '../core/connection-pages';

/**
 * A connection with no more than this queued has read what it was sent: its
 * wants may ask holders. Well under a page, well over a burst of counts.
 */
export const READ_WATERMARK = 64 * 1024;

/** How often the backlog of a connection whose wants wait is looked at. */
export const CHECK_MS = 250;

export interface BackpressureSettings {
  /** A connection whose wants wait and whose backlog does not shrink for this long is disconnected. */
  stalledReaderMs: number;
  log: Logger;
  /** Counts a connection disconnected for it. */
  onStalled: () => void;
}

/** The connection as backpressure sees it (over a socket: outbound-backlog.ts). */
export interface Outbound {
  id: string;
  /** Bytes queued for it and not read yet. */
  backlog(): number;
  /** Closes it now, discarding its queue. */
  close(): void;
}

/**
 * The connection's {@link Reader}. While a want of it waits, one timer
 * watches its backlog: once the connection has read it, `resume` registers
 * what waits; a connection whose backlog does not shrink for
 * `stalledReaderMs` meanwhile has stopped reading, and is disconnected, its
 * queue discarded (the memory it holds is the point). No timer runs for a
 * connection with nothing waiting.
 */
export function backlogReader(out: Outbound, settings: BackpressureSettings): Reader & { dispose(): void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  let waiting: WaitingWants | undefined;
  let last = 0;
  let progressAt = 0;

  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const check = () => {
    if (!waiting?.behind) return stop();
    const backlog = out.backlog();
    if (backlog <= READ_WATERMARK) {
      stop();
      waiting.resume();
      return;
    }
    const now = Date.now();
    if (backlog < last) progressAt = now;
    last = backlog;
    if (now - progressAt < settings.stalledReaderMs) return;
    stop();
    settings.log.info({ socket: out.id, backlog }, 'stalled reader disconnected');
    settings.onStalled();
    out.close();
  };

  return {
    keepingUp: () => out.backlog() <= READ_WATERMARK,
    behind(wants) {
      waiting = wants;
      if (timer) return;
      last = out.backlog();
      progressAt = Date.now();
      timer = setInterval(check, CHECK_MS);
    },
    dispose: stop,
  };
}
