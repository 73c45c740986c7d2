import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tells whether a line-clamped element hides part of its text, by measuring
 * it (never by counting characters: a 54-character Chinese reason can fill
 * three lines at 280 px and one at 1280 px). The element is found with
 * `target()` after each update and watched with a `ResizeObserver`, so a
 * width change, a font arriving or a locale switch re-measures it; the host
 * re-renders when {@link clipped} changes. Measures only in the browser, after
 * rendering: nothing here runs in `render()` or during server rendering.
 */
export class ClampController implements ReactiveController {
  /** Whether the element's content is taller than its clamped box. */
  clipped = false;

  private observer: ResizeObserver | undefined;
  private observed: Element | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const element = this.target() ?? undefined;
    if (element !== this.observed) {
      this.observer?.disconnect();
      this.observed = element;
      if (element && typeof ResizeObserver === 'function') {
        this.observer ??= new ResizeObserver(() => this.measure());
        this.observer.observe(element);
      }
    }
    this.measure();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.observed = undefined;
  }

  /** Re-measures now (after expanding or collapsing, say). */
  measure(): void {
    const element = this.observed;
    // An element whose clamp is lifted (expanded) shows everything; keep the last answer then.
    if (!element || !element.classList.contains('clamped')) return;
    const clipped = element.scrollHeight > element.clientHeight + 1;
    if (clipped !== this.clipped) {
      this.clipped = clipped;
      this.host.requestUpdate();
    }
  }
}
