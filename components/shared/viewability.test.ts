// @vitest-environment happy-dom
import type { ReactiveControllerHost } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubVisibility } from '../../test/helpers/dom.js';
import { VIEWABLE_MS, ViewabilityController } from './viewability.js';

/** A fake IntersectionObserver the test drives: `ratio(r)` reports the host `r` visible. */
const observers: FakeObserver[] = [];
class FakeObserver {
  readonly targets: Element[] = [];
  disconnected = false;
  constructor(
    private readonly callback: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit,
  ) {
    observers.push(this);
  }
  observe(target: Element) {
    this.targets.push(target);
  }
  unobserve() {}
  disconnect() {
    this.disconnected = true;
  }
  takeRecords() {
    return [];
  }
  ratio(ratio: number) {
    const entries = this.targets.map((target) => ({ target, isIntersecting: ratio > 0, intersectionRatio: ratio }) as unknown as IntersectionObserverEntry);
    this.callback(entries, this as unknown as IntersectionObserver);
  }
}

/** A minimal reactive host: an element that keeps its controllers and lets the test "update" it. */
function host(): ReactiveControllerHost & HTMLElement {
  const element = document.createElement('div');
  return Object.assign(element, { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) });
}

const Original = globalThis.IntersectionObserver;
beforeEach(() => {
  vi.useFakeTimers();
  observers.length = 0;
  globalThis.IntersectionObserver = FakeObserver as unknown as typeof IntersectionObserver;
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  globalThis.IntersectionObserver = Original;
  delete (document as { prerendering?: boolean }).prerendering;
});

function setup(initialKey: string | null = 'rec-1') {
  const element = host();
  let key = initialKey ?? undefined;
  const seen: string[] = [];
  const controller = new ViewabilityController(element, { key: () => key, viewable: (k) => seen.push(k) });
  controller.hostConnected();
  const observer = observers[0]!;
  return {
    seen,
    observer,
    controller,
    setKey(next: string | undefined) {
      key = next;
      controller.hostUpdated();
    },
  };
}

describe('ViewabilityController', () => {
  it('observes the host at the 50 % threshold', () => {
    const { observer } = setup();
    expect(observer.options?.threshold).toBe(0.5);
    expect(observer.targets).toHaveLength(1);
  });

  it('counts once the host is at least half visible for 1 s, not before, and once per key', () => {
    const { seen, observer } = setup();
    observer.ratio(0.6);
    vi.advanceTimersByTime(VIEWABLE_MS - 1);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['rec-1']);
    observer.ratio(0);
    observer.ratio(1);
    vi.advanceTimersByTime(5 * VIEWABLE_MS);
    expect(seen).toEqual(['rec-1']);
  });

  it('never counts below half visible', () => {
    const { seen, observer } = setup();
    observer.ratio(0.49);
    vi.advanceTimersByTime(10 * VIEWABLE_MS);
    expect(seen).toEqual([]);
  });

  it('resets the wait when the host drops below half visible', () => {
    const { seen, observer } = setup();
    observer.ratio(0.8);
    vi.advanceTimersByTime(900);
    observer.ratio(0.3);
    observer.ratio(0.8);
    vi.advanceTimersByTime(900);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual(['rec-1']);
  });

  it('pauses while the tab is hidden, and starts the wait again when it is shown', () => {
    const { seen, observer } = setup();
    observer.ratio(1);
    vi.advanceTimersByTime(500);
    stubVisibility('hidden');
    vi.advanceTimersByTime(10 * VIEWABLE_MS);
    expect(seen).toEqual([]);
    stubVisibility('visible');
    vi.advanceTimersByTime(999);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['rec-1']);
  });

  it('waits for a prerendered page to be activated', () => {
    Object.defineProperty(document, 'prerendering', { value: true, configurable: true });
    const { seen, observer } = setup();
    observer.ratio(1);
    vi.advanceTimersByTime(10 * VIEWABLE_MS);
    expect(seen).toEqual([]);
    Object.defineProperty(document, 'prerendering', { value: false, configurable: true });
    document.dispatchEvent(new Event('prerenderingchange'));
    vi.advanceTimersByTime(VIEWABLE_MS);
    expect(seen).toEqual(['rec-1']);
  });

  it('counts nothing while there is no key (loading), and starts the wait when the data arrives', () => {
    const { seen, observer, setKey } = setup(null);
    observer.ratio(1);
    vi.advanceTimersByTime(10 * VIEWABLE_MS);
    expect(seen).toEqual([]);
    setKey('rec-1');
    vi.advanceTimersByTime(VIEWABLE_MS - 1);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['rec-1']);
  });

  it('counts a new key again, and restarts the wait when the key changes midway', () => {
    const { seen, observer, setKey } = setup('rec-1');
    observer.ratio(1);
    vi.advanceTimersByTime(600);
    setKey('rec-2');
    vi.advanceTimersByTime(600);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(seen).toEqual(['rec-2']);
  });

  it('stops observing and forgets the wait on disconnect', () => {
    const { seen, observer, controller } = setup();
    observer.ratio(1);
    vi.advanceTimersByTime(500);
    controller.hostDisconnected();
    expect(observer.disconnected).toBe(true);
    vi.advanceTimersByTime(10 * VIEWABLE_MS);
    expect(seen).toEqual([]);
  });
});
