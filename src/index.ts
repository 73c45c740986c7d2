/**
 * vitrine — the core library: typed client, model schemas, attribution, cart and
 * i18n. Framework-free; nothing here renders or registers an element.
 * @packageDocumentation
 */

// Client
// Each from its own module, never through a sub-barrel: a bundler that keeps
// `createVitrine` must not see a static path to the modules it loads lazily.
export { createVitrine, currentPage } from './client/vitrine.js';
export { MAX_CARDS_PER_REQUEST, MAX_FIND_PAGES } from './client/cards.js';
export { MAX_RESPONSE_BYTES } from './client/http.js';
export { DEFAULT_PRICE_FRESHNESS_HOURS, featuredOffer, hasDiscount, isBuyable, isPriceStale, partnerFor, primaryOffer, rankOffers } from './client/offers.js';
export type {
  CallOptions,
  CardsResource,
  FeaturedOffer,
  CreatorResource,
  EventContext,
  OfferLink,
  OrdersResource,
  PartnersResource,
  ShowcasePageResult,
  ShowcaseResource,
  Vitrine,
  VitrineOptions,
} from './client/index.js';

// Attribution: click ids, link decoration, click log, event queue
export {
  checkPartnerUrl,
  CONSENT_STATES,
  createClickId,
  createClickLog,
  createEventId,
  createEventQueue,
  decorateLink,
  detectInAppBrowser,
  hostAllowed,
  IN_APP_BROWSERS,
  isSafePartnerUrl,
  systemBrowserUrl,
} from './attribution/index.js';
export type { ClickLog, ClickLogOptions, ClickMeta, Consent, EventQueue, EventQueueOptions, InAppBrowser, InAppBrowserName, LinkAttribution, TrackInput } from './attribution/index.js';

// Cart and checkout hand-off
export { createCartStore, lineKey, planCheckout } from './cart/index.js';
export type { AddToCartInput, CartGroup, CartStore, CartStoreOptions, CheckoutHandOff, CheckoutPlan, CheckoutRejection } from './cart/index.js';

// Errors
export {
  ERROR_CODES,
  formatIssues,
  HttpError,
  isHttpError,
  isValidationError,
  isVitrineError,
  RequestError,
  ResponseTooLargeError,
  UnsafeLinkError,
  ValidationError,
  VitrineError,
} from './errors.js';
export type { ProblemDetails, ValidationIssue, VitrineErrorCode } from './errors.js';

// i18n
export { formatCount, formatDateTime, formatDay, formatMoney, formatPercent, isSupportedLocale, LOCALES, minorUnitDigits, resolveLocale, t } from './i18n/index.js';
export type { Locale, MessageKey } from './i18n/index.js';

// Cards where scripts do not run: the embed snippet with its fallback link (JSON-LD: vitrine/ssr, vitrine/platform)
export { cardSnippet, fallbackText } from './share/index.js';
export type { CardSnippetOptions } from './share/index.js';

// Model: schemas (zod/mini) and their inferred types share a name.
export {
  AttributionEvent,
  AttributionModel,
  ATTRIBUTION_MODELS,
  CardPayload,
  CardsResponse,
  CartLine,
  CartState,
  ClickId,
  Commission,
  COMMISSION_STATES,
  CommissionState,
  LEDGER_BALANCES,
  LEDGER_ENTRY_KINDS,
  LedgerBalance,
  LedgerEntry,
  LedgerEntryKind,
  MAX_LINE_AMOUNT,
  Payout,
  PayoutStatement,
  Conversion,
  ConversionLine,
  Creator,
  CreatorStats,
  CurrencyCode,
  DISCLOSURE_KINDS,
  DisclosureKind,
  EVENT_TRIGGERS,
  EVENT_TYPES,
  EventBatch,
  EventTrigger,
  EventType,
  Favourite,
  HttpsUrl,
  Id,
  Image,
  LINK_PARAMS,
  MAX_EVENTS_PER_BATCH,
  MAX_LOOKUP_CLICK_IDS,
  Money,
  Offer,
  Order,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  OrderEvent,
  OrderLine,
  OrderStatus,
  Partner,
  Price,
  Problem,
  Product,
  PUBLISH_OUTCOMES,
  PublishOutcome,
  PublishRecommendation,
  Recommendation,
  RecommendationStats,
  ShowcasePage,
  STOCK_STATES,
  StockState,
  Timestamp,
  Touch,
} from './model/index.js';
export type { PartnerInput } from './model/index.js';
