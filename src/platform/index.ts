/**
 * `vitrine/platform`: the reference platform, as a library. The v1 API as one
 * fetch handler (`createPlatform`), its store contract (`PlatformStore`) and
 * the in-memory store, the domain steps the routes call (usable without HTTP),
 * the seed catalog schema and the outbox of outgoing webhooks. SQL stores:
 * `vitrine/platform/sql`. Conformance suite for a store: `describePlatformStore`
 * in `vitrine/testing`.
 * @packageDocumentation
 */

// The handler
export { createPlatform, type Platform, type PlatformOptions, type RequestContext } from './platform.js';
export { MONEY_PROBLEMS, PlatformProblem, problemType, type MoneyProblem, type ProblemCode } from './problem.js';

// The store contract, the memory store and what every store shares
export type {
  Change,
  ChangeTopic,
  ConversionReceipt,
  EventOutcome,
  IdempotencyRecord,
  IngestEvent,
  InsertedEvents,
  NewOutboxMessage,
  OutboxMessage,
  PlatformStore,
  RecordedChange,
  StatsQuery,
  StatsReport,
  StoredResponse,
} from './store/store.js';
export { createMemoryStore } from './store/memory.js';
export {
  ALL_TIME,
  buildStatsReport,
  ledgerContribution,
  orderContribution,
  orderDelta,
  type FilteredRow,
  type SalesRow,
  type StatsFacts,
  type TrafficRow,
} from './store/stats.js';
export { bucketStart, bucketStarts, isTimeZone, nextBucket } from './store/buckets.js';
export { decodeShowcaseCursor, encodeShowcaseCursor, newestFirst, type ShowcasePosition } from './store/cursor.js';

// Domain steps: plain functions of (store, input, now)
export {
  applyConversion,
  attributeConversion,
  attributeLines,
  bookLedger,
  checkConversionMoney,
  offerSkus,
  recordConversion,
  type AppliedConversion,
  type ConversionInput,
  type RecordedConversion,
} from './domain/conversions.js';
export { runPayouts, type PayoutRun } from './domain/payouts.js';
export { isTransientConflict, transact, type TransactOptions } from './store/transact.js';
export { recordEvents } from './domain/events.js';
export { withIdempotencyKey, type IdempotentRequest, type IdempotentResponse } from './domain/idempotency.js';
export { previewRecommendation, publishRecommendation, type Preview, type PublishInput, type Published } from './domain/recommendations.js';

// Catalog, outbox, rate limit
export { ApiKey, Catalog, parseCatalog, WebhookSecret, type CatalogInput } from './catalog.js';
export {
  createWebhookDispatcher,
  enqueueOrderUpdated,
  orderUpdatedId,
  WEBHOOK_RETRY_SCHEDULE_MS,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
} from './outbox.js';
export type { OrderUpdatedWebhook } from '../server/outgoing-webhooks.js';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limit.js';

// Share pages: cards where scripts do not run
export { qrTarget, type CardHtmlRenderer, type CardRenderOptions, type QrNote, type QrTarget, type ShareOptions } from './share/routes.js';
export { invalidTraffic, type InvalidTraffic } from './share/traffic.js';
export { createShareToken, formatShareToken, normalizeShareToken } from './share/tokens.js';
export { qrSvg } from './share/qr.js';
export { cardJsonLd, cardSnippet, fallbackText, negotiateLocale, unfurlTags, type CardJsonLdOptions, type CardSnippetOptions, type JsonLd, type MetaTag } from '../share/index.js';
