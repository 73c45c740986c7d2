/**
 * How far beyond the viewport an element counts as near: one and a half
 * viewport heights above and below it. Cards farther away are fetched (and
 * rendered) only as the reader scrolls towards them.
 */
export const NEAR_VIEWPORT_MARGIN = '150% 0px';

/**
 * Nearer than {@link NEAR_VIEWPORT_MARGIN}: half a viewport height above and
 * below it. What a card adds to itself only for the reader about to see it
 * (a sold-out card's other picks, a request of their own) waits until then,
 * so the cards that come near together share one request and nothing else.
 */
export const ABOUT_TO_SHOW_MARGIN = '50% 0px';

interface Watch {
  observer: IntersectionObserver;
  waiting: Map<Element, Set<() => void>>;
}

/** One observer per margin, for the whole page. */
const watches = new Map<string, Watch>();

function watch(margin: string): Watch {
  let found = watches.get(margin);
  if (found) return found;
  const waiting = new Map<Element, Set<() => void>>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const callbacks = waiting.get(entry.target);
        waiting.delete(entry.target);
        observer.unobserve(entry.target);
        for (const run of callbacks ?? []) run();
      }
    },
    { rootMargin: margin },
  );
  found = { observer, waiting };
  watches.set(margin, found);
  return found;
}

/**
 * Calls `callback` once, when `element` comes within `margin` (default
 * {@link NEAR_VIEWPORT_MARGIN}) of the viewport (at once where there is no
 * `IntersectionObserver`). One observer per margin serves the whole page:
 * every element that comes near in the same frame is reported in the same
 * callback, so their cards are fetched in one batch. Returns a function that
 * cancels the wait.
 */
export function whenNearViewport(element: Element, callback: () => void, margin: string = NEAR_VIEWPORT_MARGIN): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    callback();
    return () => {};
  }
  const { observer, waiting } = watch(margin);
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
    observer.unobserve(element);
  };
}
