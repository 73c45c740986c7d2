/**
 * `vitrine/server`: isomorphic helpers for the platform and partner shops —
 * Standard Webhooks sign/verify, conversion callbacks, attribution resolution,
 * the order state machine and commission rules. Web Crypto only: runs on
 * Node ≥ 22, Deno, Bun and edge runtimes.
 */
export {
  WebhookVerificationError,
  generateSecret,
  newMessageId,
  sign,
  signHeaders,
  verify,
  type HeaderSource,
  type SignHeadersInput,
  type SignInput,
  type VerifiedWebhook,
  type VerifyInput,
  type WebhookBody,
  type WebhookHeaders,
  type WebhookVerificationErrorCode,
} from './webhooks.js';
export {
  createConversion,
  parseConversion,
  sendConversion,
  type CreateConversionInput,
  type ParseConversionInput,
  type ParsedConversion,
  type SendConversionInput,
} from './conversions.js';
export { readLinkAttribution, resolveAttribution, type LinkAttribution, type ResolveAttributionInput } from './attribution.js';
export { applyStatus, canTransition, transitionPath } from './orders.js';
export {
  commissionFor,
  commissionStateFor,
  planCommissions,
  refundShare,
  type CommissionLine,
  type PlanCommissionsInput,
} from './commission.js';
export {
  ApiKey,
  Catalog,
  createMemoryStore,
  createPlatform,
  createWebhookDispatcher,
  enqueueOrderUpdated,
  WEBHOOK_RETRY_SCHEDULE_MS,
  type NewOutboxMessage,
  type OrderUpdatedWebhook,
  type OutboxMessage,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
  parseCatalog,
  WebhookSecret,
  type CatalogInput,
  type ConversionReceipt,
  type IdempotencyRecord,
  type Platform,
  type PlatformOptions,
  type RequestContext,
  type PlatformStore,
  type StoredResponse,
} from './platform/index.js';
