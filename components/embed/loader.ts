import type { Consent } from '../../src/attribution/events.js';
import type { Vitrine } from '../../src/client/vitrine.js';
import { isVitrineError } from '../../src/errors.js';
import { configuredVitrine, vitrineForApi } from '../shared/config.js';
import { defineElement } from '../shared/define.js';
import { whenNearViewport } from '../shared/near-viewport.js';
import { setElementLoader } from '../shared/require-element.js';

/** What the loader reads from its own `<script>` tag. */
export interface ScriptConfig {
  api: string | undefined;
  creator: string | undefined;
  locale: string | undefined;
  consent?: Consent | undefined;
}

export function scriptConfig(script: HTMLOrSVGScriptElement | null): ScriptConfig {
  const data = script instanceof HTMLScriptElement ? script.dataset : undefined;
  return {
    api: data?.['api'],
    creator: data?.['creator'],
    locale: data?.['locale'],
    consent: data?.['consent'] as Consent | undefined,
  };
}

/** One warning line per problem, prefixed as every Vitrine log line is. */
export function warn(what: string, error: unknown): void {
  console.warn(`[vitrine] ${what}${isVitrineError(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}`);
}

export interface ElementWatcherOptions {
  /** Tag name → its class, loaded on demand. */
  elements: Record<string, () => Promise<CustomElementConstructor>>;
  document: Document;
  /** Loads the messages of a locale (a BCP 47 tag; empty: the page's); true once they are here. */
  messages: (locale?: string | null) => Promise<boolean>;
  /** The page's locale (`data-locale`, else the reader's language). */
  locale?: string | undefined;
}

/**
 * Defines each Vitrine element the first time it is needed: when its tag is
 * in the document (now, or added later, by the parser or by a script), or
 * when another element requires it for its shadow root (`requireElement`).
 * Loading a tag twice is one load; a failed load is reported once and tried
 * again the next time the tag is needed. Stops watching the document once
 * every element is defined.
 */
export function watchElements({ elements, document, messages, locale }: ElementWatcherOptions): {
  /** Loads and defines `tag`; true once it is defined. */
  define(tag: string): Promise<boolean>;
  /** Reports the Vitrine elements of the document now and whenever some are added. */
  observe(onFound: (elements: Element[]) => void): void;
} {
  const tags = Object.keys(elements);
  const selector = tags.join(',');
  const loading = new Map<string, Promise<boolean>>();
  let observer: MutationObserver | undefined;
  /** The locales the page speaks: an element is defined once their messages are here. */
  const locales = new Set<string>();
  const speaking: Array<Promise<boolean>> = [];
  let defined = false;

  function speak(tag: string): void {
    if (locales.has(tag)) return;
    locales.add(tag);
    const arrived = messages(tag);
    speaking.push(arrived);
    // Messages that arrive after elements rendered (a locale added later): render them again.
    void arrived.then((ok) => {
      if (!ok || !defined) return;
      for (const element of document.querySelectorAll(selector)) (element as Partial<{ requestUpdate(): void }>).requestUpdate?.();
    });
  }
  speak(locale ?? '');

  function define(tag: string): Promise<boolean> {
    const load = elements[tag];
    if (!load) return Promise.resolve(false);
    if (customElements.get(tag)) return Promise.resolve(true);
    let pending = loading.get(tag);
    if (!pending) {
      pending = Promise.all([load(), ...speaking]).then(
        ([constructor]) => {
          defined = true;
          defineElement(tag, constructor);
          if (tags.every((name) => customElements.get(name))) observer?.disconnect();
          return true;
        },
        (error: unknown) => {
          loading.delete(tag);
          warn(`<${tag}> could not be loaded: `, error);
          return false;
        },
      );
      loading.set(tag, pending);
    }
    return pending;
  }

  /** Every Vitrine element in `root` (and `root` itself), each undefined tag's code requested. */
  function found(root: ParentNode): Element[] {
    const matches = [...root.querySelectorAll(selector)];
    if (root instanceof Element && root.matches(selector)) matches.unshift(root);
    for (const element of matches) {
      const own = element.getAttribute('locale');
      if (own) speak(own);
    }
    for (const tag of new Set(matches.map((element) => element.localName))) if (!customElements.get(tag)) void define(tag);
    return matches;
  }

  function observe(onFound: (elements: Element[]) => void): void {
    onFound(found(document));
    if (tags.every((name) => customElements.get(name))) return;
    observer = new MutationObserver((records) => {
      const added: Element[] = [];
      for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) added.push(...found(node));
      if (added.length > 0) onFound(added);
    });
    observer.observe(document, { childList: true, subtree: true });
  }

  setElementLoader(define);
  return { define, observe };
}

/**
 * Request first: asks for the data of every `<vitrine-card rec>` that is near
 * the viewport as soon as the loader sees it, before the card's own code has
 * arrived. The cards resource batches every `get` of a tick into one request
 * and caches the result, so the element, once defined, finds its card loaded.
 * Only cards that use the page's configuration (no `api` attribute of their
 * own is fine too; a `<vitrine-root>` ancestor makes its own client) are
 * prefetched; the others load as usual.
 */
export function prefetchCards(elements: Element[]): void {
  for (const element of elements) {
    if (element.localName !== 'vitrine-card' || element.closest('vitrine-root')) continue;
    const rec = element.getAttribute('rec');
    if (!rec || (element as { card?: unknown }).card) continue;
    whenNearViewport(element, () => {
      let client: Vitrine | undefined;
      try {
        const api = element.getAttribute('api');
        client = api ? vitrineForApi(api) : configuredVitrine();
      } catch {
        return; // a configuration error: the element shows it
      }
      // Errors are the element's to show (a failed id is evicted: its own get retries).
      client?.cards.get(rec).catch(() => {});
    });
  }
}
