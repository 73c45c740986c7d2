/**
 * `vitrine/testing`: an in-memory v1 platform as msw handlers, the demo
 * catalog, and the conformance suite of platform stores, for integrators' own
 * tests.
 * @packageDocumentation
 */
export { catalog, fixtures } from './fixtures.js';
export { createTestPlatform, handlers, type TestPlatform, type TestPlatformOptions } from './handlers.js';
export type { Catalog, CatalogInput } from '../platform/catalog.js';
export {
  CONFORMANCE_WEBHOOK_URL,
  conformanceCatalog,
  describePlatformStore,
  type StoreSuiteAssertion,
  type StoreSuiteRunner,
  type StoreUnderTest,
} from './store-conformance.js';
