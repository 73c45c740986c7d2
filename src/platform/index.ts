/**
 * `vitrine/platform`: the reference platform, as a library — the v1 API as one
 * fetch handler, its store interface and an in-memory store, the seed catalog
 * schema, the outbox of outgoing webhooks.
 * @packageDocumentation
 */
export { ApiKey, Catalog, parseCatalog, WebhookSecret, type CatalogInput } from './catalog.js';
export { createPlatform, type Platform, type PlatformOptions, type RequestContext } from './handler.js';
export {
  createWebhookDispatcher,
  enqueueOrderUpdated,
  WEBHOOK_RETRY_SCHEDULE_MS,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
} from './outbox.js';
export type { OrderUpdatedWebhook } from '../server/outgoing-webhooks.js';
export {
  createMemoryStore,
  type NewOutboxMessage,
  type OutboxMessage,
  type ConversionReceipt,
  type IdempotencyRecord,
  type PlatformStore,
  type StoredResponse,
} from './store.js';
