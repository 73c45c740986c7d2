/**
 * How far beyond the viewport an element counts as near: one and a half
 * viewport heights above and below it. Cards farther away are fetched (and
 * rendered) only as the reader scrolls towards them.
 */
export const NEAR_VIEWPORT_MARGIN = '150% 0px';

const waiting = new Map<Element, Set<() => void>>();
let observer: IntersectionObserver | undefined;

/**
 * Calls `callback` once, when `element` comes within {@link NEAR_VIEWPORT_MARGIN}
 * of the viewport (at once where there is no `IntersectionObserver`). One
 * observer serves the whole page: every element that comes near in the same
 * frame is reported in the same callback, so their cards are fetched in one
 * batch. Returns a function that cancels the wait.
 */
export function whenNearViewport(element: Element, callback: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    callback();
    return () => {};
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const callbacks = waiting.get(entry.target);
        waiting.delete(entry.target);
        observer?.unobserve(entry.target);
        for (const run of callbacks ?? []) run();
      }
    },
    { rootMargin: NEAR_VIEWPORT_MARGIN },
  );
  let callbacks = waiting.get(element);
  if (!callbacks) {
    callbacks = new Set();
    waiting.set(element, callbacks);
    observer.observe(element);
  }
  const run = () => callback();
  callbacks.add(run);
  return () => {
    const current = waiting.get(element);
    if (!current?.delete(run) || current.size > 0) return;
    waiting.delete(element);
    observer?.unobserve(element);
  };
}
