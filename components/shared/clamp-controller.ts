import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** One observer for every clamp on the page: all are measured first, then the hosts that changed re-render (one layout, not one per card). */
let shared: ResizeObserver | undefined;
const watched = new Map<Element, ClampController>();

/** Measures every controller (reads only), then tells the hosts that changed (writes). */
function measureAll(controllers: Iterable<ClampController | undefined>): void {
  const changed: ClampController[] = [];
  for (const controller of controllers) if (controller?.check()) changed.push(controller);
  for (const controller of changed) controller.changed();
}

function observer(): ResizeObserver {
  shared ??= new ResizeObserver((entries) => measureAll(entries.map((entry) => watched.get(entry.target))));
  return shared;
}

/** Controllers to measure with the next frame, all together. */
const soon = new Set<ClampController>();

/**
 * Tells whether a line-clamped element hides part of its text, by measuring
 * it (never by counting characters: a 54-character Chinese reason can fill
 * three lines at 280 px and one at 1280 px). The element is found with
 * `target()` after each update and watched with a `ResizeObserver` (one for
 * the page), so a width change, a font arriving or a locale switch re-measures
 * it; the host re-renders when {@link clipped} changes. Measures only in the
 * browser, after the frame's layout: nothing here runs in `render()`, during
 * server rendering or in an update (which would force a layout per card).
 */
export class ClampController implements ReactiveController {
  /** Whether the element's content is taller than its clamped box. */
  clipped = false;

  private observed: Element | undefined;
  /** The text last measured. */
  private text: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const element = this.target() ?? undefined;
    if (element === this.observed) {
      // The same element with new text (a locale switch) may clip differently at the same size: measured with the next frame.
      if (element && element.textContent !== this.text) this.measureSoon();
      return;
    }
    this.unwatch();
    this.observed = element;
    if (!element) return;
    if (typeof ResizeObserver !== 'function') {
      this.measure();
      return;
    }
    // A newly observed element is reported after the frame's layout, before it is painted.
    this.text = element.textContent;
    watched.set(element, this);
    observer().observe(element);
  }

  hostDisconnected(): void {
    soon.delete(this);
    this.unwatch();
    this.observed = undefined;
  }

  /** Re-measures now (after expanding or collapsing, say). */
  measure(): void {
    if (this.check()) this.changed();
  }

  /** @internal Measures, and tells whether {@link clipped} changed (the host is not told yet). */
  check(): boolean {
    const element = this.observed;
    // An element whose clamp is lifted (expanded) shows everything; keep the last answer then.
    if (!element || !element.classList.contains('clamped')) return false;
    this.text = element.textContent;
    const clipped = element.scrollHeight > element.clientHeight + 1;
    if (clipped === this.clipped) return false;
    this.clipped = clipped;
    return true;
  }

  /** @internal Re-renders the host after {@link check} found a change. */
  changed(): void {
    this.host.requestUpdate();
  }

  private measureSoon(): void {
    if (typeof requestAnimationFrame !== 'function') {
      this.measure();
      return;
    }
    if (soon.size === 0) {
      requestAnimationFrame(() => {
        const due = [...soon];
        soon.clear();
        measureAll(due);
      });
    }
    soon.add(this);
  }

  private unwatch(): void {
    if (!this.observed || watched.get(this.observed) !== this) return;
    watched.delete(this.observed);
    shared?.unobserve(this.observed);
  }
}
