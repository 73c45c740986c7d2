import { http, type HttpHandler } from 'msw';
import { parseCatalog, type Catalog } from '../platform/catalog.js';
import { createPlatform, type Platform } from '../platform/platform.js';
import { createMemoryStore } from '../platform/store/memory.js';
import type { PlatformStore } from '../platform/store/store.js';
import { catalog as demoCatalog } from './fixtures.js';

/** Options of {@link createTestPlatform}. */
export interface TestPlatformOptions {
  /** Base URL the handlers answer under (default `https://api.vitrine.test`). */
  api?: string | undefined;
  /** The catalog to serve (default: the demo `catalog`); validated with `parseCatalog`. */
  catalog?: Catalog | undefined;
  /** Clock in milliseconds (default `Date.now`): drives timestamps, webhook tolerance and attribution windows. */
  now?: (() => number) | undefined;
  /**
   * Keep the platform's `Cache-Control` headers (default `false`: answers are
   * `no-store`). DOM emulators such as happy-dom cache like browsers, so a cached
   * answer would silently bypass a handler a test overrides with `server.use()`.
   */
  httpCache?: boolean | undefined;
  /** Admin keys for the payout, statement and secret rotation routes (default none: those routes answer 401). */
  adminKeys?: readonly string[] | undefined;
  /**
   * Filter events of bot user agents and prefetches as the platform does
   * (default `false`: Node's fetch and test browsers' agents would count as bots).
   */
  filterBots?: boolean | undefined;
}

/** What {@link createTestPlatform} returns. */
export interface TestPlatform {
  /** msw handlers answering `${api}/v1/*` with the platform: pass them to `setupServer` / `setupWorker`. */
  handlers: HttpHandler[];
  /** The platform itself, to call `platform.fetch(request)` directly. */
  platform: Platform;
  /** Its in-memory store, to inspect or seed state in a test. */
  store: PlatformStore;
}

/**
 * A complete v1 platform in memory, exposed as msw handlers: the same fetch
 * handler as a real platform (validation, signatures, attribution, commission),
 * over a fresh in-memory store seeded with `catalog`. Create one per test for
 * isolated state. Throws `ValidationError` (`config`) for an invalid catalog.
 *
 * @example
 * const { handlers } = createTestPlatform();
 * const server = setupServer(...handlers);
 * server.listen({ onUnhandledFrame: 'error' });
 */
export function createTestPlatform(options: TestPlatformOptions = {}): TestPlatform {
  const api = (options.api ?? 'https://api.vitrine.test').replace(/\/+$/, '');
  const store = createMemoryStore(parseCatalog(options.catalog ?? demoCatalog, 'createTestPlatform catalog'));
  // Share routes on, with plain HTML pages (vitrine/ssr is not a dependency of vitrine/testing).
  const platform = createPlatform({ store, now: options.now, basePath: new URL(api).pathname, adminKeys: options.adminKeys, share: {}, filterBots: options.filterBots ?? false });
  const handlers = [
    http.all(`${api}/v1/*`, async ({ request }) => {
      const response = await platform.fetch(request);
      if (!options.httpCache) response.headers.set('cache-control', 'no-store');
      return response;
    }),
  ];
  return { handlers, platform, store };
}

/**
 * msw handlers for the demo catalog at `https://api.vitrine.test`. Their state
 * lives as long as the module: use `createTestPlatform()` for a fresh platform per test.
 */
export const handlers: HttpHandler[] = createTestPlatform().handlers;
