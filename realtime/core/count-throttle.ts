/**
 * Coalesces a page's count messages: the first change goes out at once, later
 * ones at most once per interval, and the last one is never lost. Publishing
 * reads the count when it fires, so a burst of joins costs one message, not
 * one per join. `publish` answers whether it sent anything: a change nobody
 * would see (the same shown figure, nobody listening) spends no interval.
 */
export class CountThrottle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;

  constructor(
    private readonly intervalMs: number,
    private readonly publish: () => boolean,
    private readonly onIdle: () => void,
  ) {}

  /** True while a trailing message may still be due. */
  get busy(): boolean {
    return this.timer !== undefined;
  }

  changed(): void {
    if (this.timer) {
      this.dirty = true;
      return;
    }
    if (this.publish()) this.arm();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = false;
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const due = this.dirty;
      this.dirty = false;
      if (due && this.publish()) this.arm();
      else this.onIdle();
    }, this.intervalMs);
  }
}
