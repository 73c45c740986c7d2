/**
 * The store contract of the reference platform: everything the v1 API reads
 * and writes. Implementations: `createMemoryStore` (tests, demos, msw) and the
 * SQL store of `vitrine/platform/sql` (PGlite, PostgreSQL). A third-party store
 * proves it keeps this contract with `describePlatformStore` of `vitrine/testing`.
 */
import type { AttributionEvent, EventsAccepted, Touch } from '../../model/attribution.js';
import type { Commission } from '../../model/commission.js';
import type { Creator } from '../../model/creator.js';
import type { Order, OrderStatus } from '../../model/order.js';
import type { Partner } from '../../model/partner.js';
import type { Offer, Product } from '../../model/product.js';
import type { CardPayload, Recommendation, ShowcasePage } from '../../model/recommendation.js';
import type { RecommendationStats } from '../../model/stats.js';

/** A conversion callback as remembered for deduplication. */
export interface ConversionReceipt {
  partnerId: string;
  /** The `webhook-id` header: unique per delivery of this partner. */
  webhookId: string;
  /** The partner's own order number. */
  partnerOrderId: string;
  status: OrderStatus;
}

/** A response remembered under an `Idempotency-Key`. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** What a claimed `Idempotency-Key` holds: the request's fingerprint and, once done, its response. */
export interface IdempotencyRecord {
  fingerprint: string;
  response: StoredResponse | null;
}

/**
 * Everything the v1 platform reads and writes. Every method is async and
 * scoped (by id, key or creator) so that an SQL store can answer each with a
 * few indexed queries; the "claim" methods map to an `INSERT … ON CONFLICT DO
 * NOTHING` on a unique key, which makes concurrent duplicates safe.
 * Returned objects belong to the caller (a store never hands out its own state).
 */
export interface PlatformStore {
  /**
   * Runs `fn` as one unit of work: every write `fn` makes through `tx` (the
   * store it is given) commits together when `fn` resolves, or none does when
   * it throws (the error is rethrown as it is). Other callers never see a
   * transaction's writes before it commits. Inside `fn`, use only `tx`: calling
   * the outer store there may wait for the transaction itself.
   * `tx.transaction(inner)` runs `inner` inside the same transaction.
   * Resolves to what `fn` resolved to.
   */
  transaction<T>(fn: (tx: PlatformStore) => Promise<T>): Promise<T>;
  /** Every partner, public fields only (never a secret), ordered by id. */
  listPartners(): Promise<Partner[]>;
  /**
   * One partner with its webhook secrets (current first, then older ones still
   * accepted) and the URL its outgoing webhooks go to, if any; or `null`.
   */
  partnerSecrets(partnerId: string): Promise<{ partner: Partner; secrets: string[]; webhookUrl?: string | undefined } | null>;
  /** Card payloads for the recommendation ids that exist, in the order asked; unknown ids are left out. */
  cards(recommendationIds: readonly string[]): Promise<CardPayload[]>;
  /**
   * One page of a creator's recommendations, newest first; `null` when the
   * creator does not exist. `cursor` is a `nextCursor` from a previous page
   * (made with `encodeShowcaseCursor` from the last card's creation time and
   * id); a cursor this store did not make throws a `ValidationError` (`invalid_input`).
   */
  showcase(creatorId: string, page: { cursor: string | null; limit: number }): Promise<ShowcasePage | null>;
  /** The creator owning this API key, or `null`. */
  creatorByApiKey(apiKey: string): Promise<Creator | null>;
  /** The catalog product with an offer whose URL has this origin + pathname, or `null`. */
  productByOfferUrl(url: URL): Promise<{ product: Product; offer: Offer } | null>;
  /** Stores a new recommendation (its creator and product exist). */
  createRecommendation(recommendation: Recommendation): Promise<void>;
  /**
   * Claims `key` within `scope` for a request with this fingerprint. Returns
   * `null` when the claim is new (the caller then completes or releases it),
   * else the record already there.
   */
  claimIdempotencyKey(scope: string, key: string, fingerprint: string): Promise<IdempotencyRecord | null>;
  /** Stores the response of a claimed key, replayed to later requests with the same key. */
  completeIdempotencyKey(scope: string, key: string, response: StoredResponse): Promise<void>;
  /** Forgets a claimed key whose request failed, so that it may be retried. */
  releaseIdempotencyKey(scope: string, key: string): Promise<void>;
  /**
   * Inserts events, skipping those whose id was seen before (including earlier
   * in the same batch). Click events with a click id and partner become touches.
   */
  insertEvents(events: readonly AttributionEvent[]): Promise<EventsAccepted>;
  /** The touches (click events) with these click ids. */
  touchesByClickIds(clickIds: readonly string[]): Promise<Touch[]>;
  /** The `checkout` events carrying this click id, oldest first. */
  checkoutEvents(clickId: string): Promise<AttributionEvent[]>;
  /** The order a partner knows by `partnerOrderId`, or `null`. */
  orderByPartnerOrderId(partnerId: string, partnerOrderId: string): Promise<Order | null>;
  /**
   * Inserts or replaces an order by `id`. `(partnerId, partnerOrderId)` is
   * unique too: saving another order id for a pair already taken rejects.
   */
  saveOrder(order: Order): Promise<void>;
  /** The orders carrying one of these click ids, newest first. */
  ordersByClickIds(clickIds: readonly string[]): Promise<Order[]>;
  /**
   * Records a conversion callback unless its `webhookId` (per partner) or its
   * `(partnerId, partnerOrderId, status)` was recorded before. Returns `false`
   * for such a duplicate.
   */
  claimConversion(receipt: ConversionReceipt): Promise<boolean>;
  /** Forgets a claimed receipt whose processing failed, so that a retry is not a duplicate. */
  releaseConversion(receipt: ConversionReceipt): Promise<void>;
  /**
   * Adds an outgoing webhook message to the outbox, due at `nextAttemptAt` (ms).
   * Adding an existing id is a no-op; a message for an unknown partner rejects.
   */
  enqueueWebhook(message: NewOutboxMessage): Promise<void>;
  /** Undelivered messages due at `now` (ms), earliest due first and, for equal due times, in enqueue order; at most `limit`. */
  dueWebhooks(now: number, limit: number): Promise<OutboxMessage[]>;
  /**
   * Records one delivery attempt: `deliveredAt` when it succeeded; otherwise
   * `nextAttemptAt`, or `null` to give up. Increments `attempts`. Once a message
   * is delivered, later results change nothing else (several dispatchers may race).
   */
  recordWebhookAttempt(id: string, result: { status: number; deliveredAt: number | null; nextAttemptAt: number | null }): Promise<void>;
  /** One outbox message by id (for tests and support), or `null`. */
  webhookMessage(id: string): Promise<OutboxMessage | null>;
  /** Every commission record of an order. */
  commissionsForOrder(orderId: string): Promise<Commission[]>;
  /**
   * Stores the complete set of an order's commission records (as `planCommissions`
   * returns it): upserts each by `id` and deletes the order's records not in the set.
   */
  saveCommissions(orderId: string, commissions: readonly Commission[]): Promise<void>;
  /**
   * Aggregates for each of a creator's recommendations (newest first), computed now:
   * - `impressions`, `clicks`: stored events of that type for the recommendation;
   * - `orders`: orders (not cancelled) with a line attributed to it whose
   *   amount net of refunds is above zero; `gmv`: the sum of those net amounts;
   * - `commissionPending`: commission records in state `pending`;
   *   `commissionApproved`: records `approved` or `paid` (adjustments included).
   * Money lists hold one entry per currency, sorted by currency code, zero
   * totals left out. `aggregateCreatorStats` applies these rules to facts a
   * store reads; use it rather than restating them.
   */
  creatorStats(creatorId: string): Promise<RecommendationStats[]>;
}

/** An outgoing webhook to enqueue: `payload` is the exact JSON body that will be signed and sent. */
export interface NewOutboxMessage {
  /** The `webhook-id`, the same on every attempt, so receivers can drop duplicates. */
  id: string;
  partnerId: string;
  type: string;
  payload: string;
  nextAttemptAt: number;
}

/** A message in the outbox, with its delivery state. */
export interface OutboxMessage extends NewOutboxMessage {
  attempts: number;
  /** HTTP status of the last attempt (0: no response), `null` before the first. */
  lastStatus: number | null;
  deliveredAt: number | null;
  /** `true` once the retry schedule is exhausted without a delivery. */
  abandoned: boolean;
}
