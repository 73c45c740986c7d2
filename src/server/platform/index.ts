/**
 * The v1 platform API as one fetch handler, its store interface and an
 * in-memory store, plus the seed catalog schema.
 */
export { ApiKey, Catalog, parseCatalog, WebhookSecret, type CatalogInput } from './catalog.js';
export { createPlatform, type Platform, type PlatformOptions, type RequestContext } from './handler.js';
export {
  createWebhookDispatcher,
  enqueueOrderUpdated,
  WEBHOOK_RETRY_SCHEDULE_MS,
  type OrderUpdatedWebhook,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
} from './outbox.js';
export {
  createMemoryStore,
  type NewOutboxMessage,
  type OutboxMessage,
  type ConversionReceipt,
  type IdempotencyRecord,
  type PlatformStore,
  type StoredResponse,
} from './store.js';
