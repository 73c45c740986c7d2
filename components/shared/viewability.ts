import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Share of the element that must be in the viewport for an impression. */
export const VIEWABLE_RATIO = 0.5;
/** How long, in ms, the element must stay that visible, continuously, for an impression. */
export const VIEWABLE_MS = 1000;

/** Options of {@link ViewabilityController}. */
export interface ViewabilityOptions {
  /**
   * What the element shows now (a recommendation id), or `undefined` while it
   * shows nothing countable (loading, error). Read after every host update.
   */
  key(): string | undefined;
  /** The element was viewable for `key`: called once per key. */
  viewable(key: string): void;
}

const EVENTS = ['visibilitychange', 'prerenderingchange'] as const;

/**
 * Counts a viewable impression honestly: `viewable(key)` is called once the
 * host element has been at least {@link VIEWABLE_RATIO} visible for
 * {@link VIEWABLE_MS} without interruption, while it showed `key`. Dropping
 * below half visible, the tab going hidden, or the key changing resets the
 * wait; a prerendered page waits for its activation. Once per key: a card
 * scrolled away and back is not counted again. Without `IntersectionObserver`
 * nothing is counted (nothing can be known to be seen).
 */
export class ViewabilityController implements ReactiveController {
  private observer: IntersectionObserver | undefined;
  private inView = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The key the running timer counts for. */
  private waiting: string | undefined;
  private counted: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ViewabilityOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof IntersectionObserver === 'undefined') return;
    this.observer = new IntersectionObserver(
      (entries) => {
        // The latest entry says where the element is now.
        const entry = entries[entries.length - 1]!;
        this.inView = entry.isIntersecting && entry.intersectionRatio >= VIEWABLE_RATIO;
        this.check();
      },
      { threshold: VIEWABLE_RATIO },
    );
    this.observer.observe(this.host);
    for (const type of EVENTS) document.addEventListener(type, this.check);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.inView = false;
    for (const type of EVENTS) document.removeEventListener(type, this.check);
    this.check();
  }

  hostUpdated(): void {
    this.check();
  }

  /** Starts, keeps or resets the wait for what is true now. */
  private readonly check = (): void => {
    const key = this.options.key();
    const seen = this.inView && key !== this.counted && document.visibilityState !== 'hidden' && !(document as { prerendering?: boolean }).prerendering;
    const wanted = seen ? key : undefined;
    if (wanted === this.waiting) return;
    clearTimeout(this.timer);
    this.waiting = wanted;
    if (wanted !== undefined) {
      this.timer = setTimeout(() => {
        this.waiting = undefined;
        this.counted = wanted;
        this.options.viewable(wanted);
      }, VIEWABLE_MS);
    }
  };
}
