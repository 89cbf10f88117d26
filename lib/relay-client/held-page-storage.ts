import { sha256Hex } from '../hash';
import type { RelayClientEvents } from './client-events';
import type { Emit } from './emitter';
import type { HeldPage, HeldPageStore } from './store';

/**
 * Keeps the held pages in the program's store, if it gave one: saved on every
 * change, restored once at start, each only if its bytes still hash to its
 * address (what a store returns is untrusted).
 */
export class HeldPageStorage {
  /** Settles once the stored pages are back, so a page held before a reload is never wanted. */
  readonly restored: Promise<void>;
  private markRestored!: () => void;
  private restoreStarted = false;
  /** While restoring, saving would overwrite the store with the pages restored so far. */
  private restoring = false;

  constructor(
    private readonly store: HeldPageStore | undefined,
    private readonly heldPages: () => HeldPage[],
    private readonly emit: Emit<RelayClientEvents>,
  ) {
    this.restored = new Promise((resolve) => (this.markRestored = resolve));
  }

  save(): void {
    if (!this.store || this.restoring) return;
    try {
      this.store.save(this.heldPages());
    } catch (error) {
      this.emit('unsaved', { error });
    }
  }

  /** Holds the stored pages again with `hold`, the first time only. */
  restoreOnce(hold: (page: HeldPage) => void): void {
    if (this.restoreStarted) return;
    this.restoreStarted = true;
    void this.restore(hold).finally(this.markRestored);
  }

  private async restore(hold: (page: HeldPage) => void): Promise<void> {
    if (!this.store) return;
    this.restoring = true;
    try {
      for (const page of await this.store.load()) {
        if ((await sha256Hex(page.bytes)) === page.hash) hold(page);
      }
    } catch {
      // An unreadable store is an empty one: the client still starts.
    } finally {
      this.restoring = false;
    }
    // Drops what did not verify, keeps what was taken meanwhile.
    this.save();
  }
}
