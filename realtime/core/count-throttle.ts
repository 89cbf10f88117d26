/**
 * Coalesces a page's holder-count broadcasts: the first change goes out at
 * once, later ones at most once per interval, and the last one is never lost.
 * Publishing reads the count when it fires, so a burst of joins costs one
 * broadcast, not one per join.
 */
export class CountThrottle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;

  constructor(
    private readonly intervalMs: number,
    private readonly publish: () => void,
    private readonly onIdle: () => void,
  ) {}

  /** True while a trailing broadcast may still be due. */
  get busy(): boolean {
    return this.timer !== undefined;
  }

  changed(): void {
    if (this.timer) {
      this.dirty = true;
      return;
    }
    this.publish();
    this.arm();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = false;
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) {
        this.dirty = false;
        this.publish();
        this.arm();
      } else {
        this.onIdle();
      }
    }, this.intervalMs);
  }
}
