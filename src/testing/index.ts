/**
 * `vitrine/testing`: an in-memory v1 platform as msw handlers, plus the demo
 * catalog, for integrators' own tests.
 * @packageDocumentation
 */
export { catalog, fixtures } from './fixtures.js';
export { createTestPlatform, handlers, type TestPlatform, type TestPlatformOptions } from './handlers.js';
export type { Catalog, CatalogInput } from '../platform/catalog.js';
