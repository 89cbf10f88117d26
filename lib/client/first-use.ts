/** What a person does first on a page they are about to use: press, touch, type or tab into it. */
const SIGNS_OF_USE = ['pointerdown', 'touchstart', 'keydown', 'focusin'] as const;

/**
 * Calls `onUse` once, at the first sign that the person is using the page
 * (not at a scroll or a look). Returns a function that stops waiting.
 */
export function onFirstUse(target: EventTarget, onUse: () => void): () => void {
  const options = { capture: true, passive: true } as const;
  const stop = () => {
    for (const type of SIGNS_OF_USE) target.removeEventListener(type, handle, options);
  };
  function handle() {
    stop();
    onUse();
  }
  for (const type of SIGNS_OF_USE) target.addEventListener(type, handle, options);
  return stop;
}
