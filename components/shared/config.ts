import { createVitrine, type Vitrine, type VitrineOptions } from '../../src/client/vitrine.js';
import { isValidationError, ValidationError } from '../../src/errors.js';

/**
 * The page-wide default configuration, set by `configure()` (the script-tag embed
 * calls it from its `data-*` attributes). Elements use, in order: their own `api`
 * attribute, the nearest `<vitrine-root>`, then this default.
 */
let defaults: { options: VitrineOptions; client: Vitrine } | undefined;
/** The api and locale of the last `configure()` call, even a failed one, and where they came from (for warnings). */
let attempted: { api: string; locale: string | undefined; source: string } | undefined;
const byApi = new Map<string, Vitrine>();
const listeners = new Set<() => void>();

/**
 * Configures every Vitrine element on the page that has no `api` attribute and
 * no `<vitrine-root>` ancestor. Returns the client the elements will share (so
 * all cards on a page are loaded in one batched request). Calling it again
 * replaces the configuration and re-renders the elements.
 */
export function configure(options: VitrineOptions): Vitrine {
  return configureFrom(options, 'configure()');
}

/**
 * `configure()`, remembering where the options came from (`data-api on the
 * script tag`, `configure()`), so that the elements' development warnings can
 * name the source of a bad address or locale. Internal.
 */
export function configureFrom(options: VitrineOptions, source: string): Vitrine {
  attempted = { api: String(options?.api ?? ''), locale: options?.locale, source };
  const client = createVitrine(options);
  defaults?.client.dispose();
  byApi.clear();
  defaults = { options, client };
  for (const listener of listeners) listener();
  return client;
}

/** The api, locale and source of the last `configure()` call (even one that failed), if any. Internal. */
export function configureAttempt(): { api: string; locale: string | undefined; source: string } | undefined {
  return attempted;
}

/** The client `configure()` created, if any. */
export function configuredVitrine(): Vitrine | undefined {
  return defaults?.client;
}

/**
 * A client for an element's own `api` attribute. Elements naming the same API
 * share one client (and so one batch); other options come from `configure()`.
 */
export function vitrineForApi(api: string): Vitrine {
  if (defaults && defaults.client.api === api.replace(/\/+$/, '')) return defaults.client;
  let client = byApi.get(api);
  if (!client) {
    try {
      client = createVitrine({ ...defaults?.options, api });
    } catch (error) {
      // An invalid api attribute is the element's configuration error, never a fall-back to another API.
      throw isValidationError(error) ? new ValidationError(`api="${api.slice(0, 200)}"`, error.issues, 'config') : error;
    }
    byApi.set(api, client);
  }
  return client;
}

/** Runs `listener` whenever `configure()` is called; returns the unsubscribe function. */
export function onConfigure(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
