/**
 * The in-page probe, installed before any page script runs
 * (`page.addInitScript(probe, options)`), in the top document only. It is
 * serialised into the page: it may use nothing from its module.
 *
 * A card is "shown" the same way for both contenders: it has a non-empty
 * title and a non-empty price that are laid out (non-zero box) inside the
 * card's own box on the host page — for Vitrine the `[part~=title]` /
 * `[part~=price]` of a `<vitrine-card>` that is no longer a skeleton, for Buy
 * Button the `.shopify-buy__product__title` / `.shopify-buy__product__actual-price`
 * inside its product iframe, within the iframe's height. The probe checks every
 * card at every animation frame and records three moments:
 *   - first card: the first frame showing one card;
 *   - cards in view: the first frame in which every card that intersects the
 *     viewport (1280×720, not scrolled) is shown, at least one being;
 *   - all cards: the first frame in which all N cards are shown.
 * Each time is `performance.now()` in a task posted from that frame's rAF
 * callback, i.e. just after the frame has been produced; ms since navigation
 * start. A library that fetches cards only as they near the viewport never
 * shows all N without scrolling: the wait then ends `quietMs` after the last
 * newly shown card (once the viewport is complete), and "all cards" stays null.
 *
 * Long tasks (> 50 ms) and layout shifts are observed with
 * PerformanceObserver (`longtask`, `layout-shift`, buffered) in the top
 * document: the Buy Button's iframes are same-origin and share its event loop,
 * so their long tasks are included; shifts inside an iframe's own document
 * are not (the host page's shifts, which move the reader's text, are).
 */

export interface ProbeOptions {
  kind: 'vitrine' | 'buy-button';
  count: number;
  /** Once every card in the viewport is shown, how long without another card shown ends the wait (lazy loading). */
  quietMs: number;
}

export interface ProbeState {
  fcp: number | null;
  firstCard: number | null;
  /** The first frame in which every card intersecting the viewport is shown (and at least one is). */
  inView: number | null;
  /** Every one of the N cards shown; null when the wait ended with some never shown (loaded on scroll). */
  allCards: number | null;
  /** How many cards were shown when the wait ended. */
  shown: number;
  errors: string[];
  longTasks: Array<{ start: number; duration: number }>;
  shifts: Array<{ start: number; value: number }>;
  /** Resolves when all cards are shown or one failed. */
  done: Promise<void>;
}

export interface ProbeResources {
  name: string;
  initiatorType: string;
  encodedBodySize: number;
  decodedBodySize: number;
  responseEnd: number;
}

declare global {
  interface Window {
    __vitrineBench?: ProbeState;
  }
}

export function probe(options: ProbeOptions): void {
  if (window !== window.top) return;
  let finish!: () => void;
  const state: ProbeState = {
    fcp: null,
    firstCard: null,
    inView: null,
    allCards: null,
    shown: 0,
    errors: [],
    longTasks: [],
    shifts: [],
    done: new Promise<void>((resolve) => (finish = resolve)),
  };
  Object.defineProperty(window, '__vitrineBench', { value: state });
  performance.setResourceTimingBufferSize(100_000);

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
      if (!entry.hadRecentInput) state.shifts.push({ start: entry.startTime, value: entry.value });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') state.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });

  /** True when `element` has text and a box inside `[top, bottom]` (coordinates of its own document's viewport). */
  const shown = (element: Element | null | undefined, top: number, bottom: number): boolean => {
    if (!element || !element.textContent?.trim()) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.top >= top - 1 && box.bottom <= bottom + 1;
  };

  const check =
    options.kind === 'vitrine'
      ? (card: Element): boolean | string => {
          const root = card.shadowRoot;
          if (!root) return false;
          if (root.querySelector('[part~="error"]')) return `card ${card.getAttribute('rec')} rendered its error state`;
          if (root.querySelector('[part~="skeleton"]')) return false;
          const box = card.getBoundingClientRect();
          return shown(root.querySelector('[part~="title"]'), box.top, box.bottom) && shown(root.querySelector('[part~="price"]'), box.top, box.bottom);
        }
      : (slot: Element): boolean | string => {
          const iframe = slot.querySelector('iframe');
          const doc = iframe?.contentDocument;
          if (!iframe || !doc || iframe.clientHeight === 0) return false;
          const height = iframe.clientHeight;
          return shown(doc.querySelector('.shopify-buy__product__title'), 0, height) && shown(doc.querySelector('.shopify-buy__product__actual-price'), 0, height);
        };
  const selector = options.kind === 'vitrine' ? 'vitrine-card' : '.bb-product';

  const afterFrame = (record: (time: number) => void) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => record(performance.now());
    channel.port2.postMessage(null);
  };

  let pending: Element[] | undefined;
  let lastProgress = 0;
  const inViewport = (card: Element) => {
    const box = card.getBoundingClientRect();
    return box.top < innerHeight && (box.bottom > 0 || (box.height === 0 && box.top >= 0));
  };
  const frame = (now: number) => {
    if (!pending && document.readyState !== 'loading') {
      pending = [...document.querySelectorAll(selector)];
      if (pending.length !== options.count) {
        state.errors.push(`expected ${options.count} cards, the page has ${pending.length}`);
        return finish();
      }
    }
    if (pending) {
      const before = pending.length;
      pending = pending.filter((card) => {
        const result = check(card);
        if (typeof result === 'string') state.errors.push(result);
        return result !== true;
      });
      if (state.errors.length > 0) return finish();
      state.shown = options.count - pending.length;
      if (pending.length < before) lastProgress = now;
      if (state.shown > 0 && state.firstCard === null) {
        state.firstCard = -1;
        afterFrame((time) => (state.firstCard = time));
      }
      if (state.shown > 0 && state.inView === null && !pending.some(inViewport)) {
        state.inView = -1;
        afterFrame((time) => (state.inView = time));
      }
      if (pending.length === 0) {
        afterFrame((time) => {
          state.allCards = time;
          finish();
        });
        return;
      }
      // A library that loads cards only as they near the viewport never shows
      // them all without scrolling: once the viewport is complete, stop after
      // `quietMs` without a newly shown card.
      if (state.inView !== null && now - lastProgress > options.quietMs) return finish();
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
