/**
 * Typed events (`Events` maps each name to the one argument its listeners
 * receive) in a few lines and no dependency, so the client runs the same
 * in a browser and in Node (`EventTarget` and `node:events` differ between
 * them in typing and in what a listener receives). The client emits only
 * once its own state is consistent, so listeners may read it back.
 */
/** The telling half of an {@link Emitter}, for the parts of a program that only tell. */
export type Emit<Events extends object> = <E extends keyof Events>(event: E, payload: Events[E]) => void;

export class Emitter<Events extends object> {
  private readonly listeners: { [E in keyof Events]?: Set<(payload: Events[E]) => void> } = {};

  /** Calls `listener` on every `event`; returns the function that stops it. */
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = (this.listeners[event] ??= new Set());
    set.add(listener);
    return () => void set.delete(listener);
  }

  protected emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.listeners[event];
    if (set) for (const listener of [...set]) listener(payload);
  }
}
