import { ValidationError } from '../errors.js';
import type { AttributionEvent, EventsAccepted, Touch } from '../model/attribution.js';
import type { Commission } from '../model/commission.js';
import type { Creator } from '../model/creator.js';
import type { Money } from '../model/money.js';
import type { Order, OrderStatus } from '../model/order.js';
import type { Partner } from '../model/partner.js';
import type { Offer, Product } from '../model/product.js';
import type { CardPayload, Recommendation, ShowcasePage } from '../model/recommendation.js';
import type { RecommendationStats } from '../model/stats.js';
import type { Catalog } from './catalog.js';

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
 * Everything the v1 platform handler reads and writes. Every method is async
 * and scoped (by id, key or creator) so that an SQL store can answer each with
 * a few indexed queries; the "claim" methods map to an `INSERT … ON CONFLICT DO
 * NOTHING` on a unique key, which makes concurrent duplicates safe.
 * Returned objects belong to the caller (a store never hands out its own state).
 */
export interface PlatformStore {
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
   * creator does not exist. `cursor` is a `nextCursor` from a previous page;
   * a cursor this store did not make throws a `ValidationError` (`invalid_input`).
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
  /** Inserts or replaces an order (by `id`; `(partnerId, partnerOrderId)` is unique too). */
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
  /** Adds an outgoing webhook message to the outbox, due at `nextAttemptAt` (ms). Adding an existing id is a no-op. */
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
   * Money lists hold one entry per currency, zero totals left out.
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

const clone = <T>(value: T): T => structuredClone(value);
const urlKey = (url: URL) => `${url.origin}${url.pathname}`;

/** Newest first; ties broken by id, descending. */
const newestFirst = (a: Recommendation, b: Recommendation) =>
  Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function encodeCursor(rec: Recommendation): string {
  return btoa(JSON.stringify([rec.createdAt, rec.id])).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function decodeCursor(cursor: string): Recommendation {
  try {
    const [createdAt, id] = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(createdAt))) {
      return { createdAt, id } as Recommendation;
    }
  } catch {
    // fall through
  }
  throw new ValidationError('cursor', [{ message: 'invalid cursor' }], 'invalid_input');
}

/** Adds `money` into a per-currency total. */
function add(totals: Map<string, number>, money: Money): void {
  totals.set(money.currency, (totals.get(money.currency) ?? 0) + money.amount);
}

function toMoney(totals: Map<string, number>): Money[] {
  return [...totals].filter(([, amount]) => amount !== 0).map(([currency, amount]) => ({ amount, currency }));
}

/**
 * An in-memory `PlatformStore` seeded from a validated catalog (see
 * `parseCatalog`). For tests, demos and the msw handlers of `vitrine/testing`;
 * state lives as long as the returned object.
 */
export function createMemoryStore(catalog: Catalog): PlatformStore {
  const partners = new Map<string, { partner: Partner; secrets: string[]; webhookUrl?: string }>();
  for (const { webhookSecret, webhookUrl, ...partner } of catalog.partners) {
    partners.set(partner.id, { partner, secrets: [webhookSecret], ...(webhookUrl ? { webhookUrl } : {}) });
  }
  const outbox = new Map<string, OutboxMessage>();
  const creators = new Map<string, Creator>();
  const apiKeys = new Map<string, string>();
  for (const { apiKey, ...creator } of catalog.creators) {
    creators.set(creator.id, creator);
    apiKeys.set(apiKey, creator.id);
  }
  const products = new Map(catalog.products.map((product) => [product.id, product]));
  const offers = new Map<string, { product: Product; offer: Offer }>();
  for (const product of catalog.products) {
    for (const offer of product.offers) offers.set(urlKey(new URL(offer.url)), { product, offer });
  }
  const recommendations = new Map(catalog.recommendations.map((rec) => [rec.id, clone(rec)]));
  const events = new Map<string, AttributionEvent>();
  const orders = new Map<string, Order>();
  const orderIds = new Map<string, string>();
  const receipts = new Set<string>();
  const commissions = new Map<string, Commission>();
  const idempotency = new Map<string, IdempotencyRecord>();

  const receiptKeys = (r: ConversionReceipt) => [
    JSON.stringify(['webhook', r.partnerId, r.webhookId]),
    JSON.stringify(['status', r.partnerId, r.partnerOrderId, r.status]),
  ];

  const card = (rec: Recommendation): CardPayload | null => {
    const product = products.get(rec.productId);
    const creator = creators.get(rec.creatorId);
    if (!product || !creator) return null;
    const ids = new Set(product.offers.map((offer) => offer.partnerId));
    const cardPartners = [...ids].flatMap((id) => partners.get(id)?.partner ?? []);
    return clone({ recommendation: rec, product, creator, partners: cardPartners });
  };

  const creatorRecommendations = (creatorId: string) =>
    [...recommendations.values()].filter((rec) => rec.creatorId === creatorId).sort(newestFirst);

  return {
    async listPartners() {
      return clone([...partners.values()].map((entry) => entry.partner).sort((a, b) => (a.id < b.id ? -1 : 1)));
    },

    async partnerSecrets(partnerId) {
      const entry = partners.get(partnerId);
      return entry ? clone(entry) : null;
    },

    async enqueueWebhook(message) {
      if (!outbox.has(message.id)) outbox.set(message.id, { ...message, attempts: 0, lastStatus: null, deliveredAt: null, abandoned: false });
    },

    async dueWebhooks(now, limit) {
      return [...outbox.values()]
        .filter((message) => message.deliveredAt === null && !message.abandoned && message.nextAttemptAt <= now)
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt) // stable: enqueue order for equal times
        .slice(0, limit)
        .map(clone);
    },

    async recordWebhookAttempt(id, result) {
      const message = outbox.get(id);
      if (!message) return;
      message.attempts += 1;
      // A delivered message stays delivered, whatever a slower attempt reports.
      if (message.deliveredAt !== null) return;
      message.lastStatus = result.status;
      message.deliveredAt = result.deliveredAt;
      if (result.deliveredAt === null) {
        if (result.nextAttemptAt === null) message.abandoned = true;
        else message.nextAttemptAt = result.nextAttemptAt;
      }
    },

    async webhookMessage(id) {
      const message = outbox.get(id);
      return message ? clone(message) : null;
    },

    async cards(ids) {
      return ids.flatMap((id) => {
        const rec = recommendations.get(id);
        return (rec && card(rec)) ?? [];
      });
    },

    async showcase(creatorId, { cursor, limit }) {
      const creator = creators.get(creatorId);
      if (!creator) return null;
      const after = cursor === null ? null : decodeCursor(cursor);
      const all = creatorRecommendations(creatorId).filter((rec) => after === null || newestFirst(after, rec) < 0);
      const page = all.slice(0, limit);
      const last = page.at(-1);
      return {
        creator: clone(creator),
        cards: page.flatMap((rec) => card(rec) ?? []),
        nextCursor: all.length > limit && last ? encodeCursor(last) : null,
      };
    },

    async creatorByApiKey(apiKey) {
      const id = apiKeys.get(apiKey);
      const creator = id === undefined ? undefined : creators.get(id);
      return creator ? clone(creator) : null;
    },

    async productByOfferUrl(url) {
      const found = offers.get(urlKey(url));
      return found ? clone(found) : null;
    },

    async createRecommendation(rec) {
      recommendations.set(rec.id, clone(rec));
    },

    async claimIdempotencyKey(scope, key, fingerprint) {
      const id = JSON.stringify([scope, key]);
      const existing = idempotency.get(id);
      if (existing) return clone(existing);
      idempotency.set(id, { fingerprint, response: null });
      return null;
    },

    async completeIdempotencyKey(scope, key, response) {
      const record = idempotency.get(JSON.stringify([scope, key]));
      if (record) record.response = clone(response);
    },

    async releaseIdempotencyKey(scope, key) {
      idempotency.delete(JSON.stringify([scope, key]));
    },

    async insertEvents(batch) {
      let accepted = 0;
      for (const event of batch) {
        if (events.has(event.id)) continue;
        events.set(event.id, clone(event));
        accepted += 1;
      }
      return { accepted, duplicates: batch.length - accepted };
    },

    async touchesByClickIds(clickIds) {
      const wanted = new Set(clickIds);
      return [...events.values()].flatMap((e) =>
        e.type === 'click' && e.clickId !== undefined && e.partnerId !== undefined && wanted.has(e.clickId)
          ? [{ clickId: e.clickId, partnerId: e.partnerId, creatorId: e.creatorId, recommendationId: e.recommendationId, at: e.at }]
          : [],
      );
    },

    async checkoutEvents(clickId) {
      return clone(
        [...events.values()]
          .filter((e) => e.type === 'checkout' && e.clickId === clickId)
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
      );
    },

    async orderByPartnerOrderId(partnerId, partnerOrderId) {
      const id = orderIds.get(JSON.stringify([partnerId, partnerOrderId]));
      const order = id === undefined ? undefined : orders.get(id);
      return order ? clone(order) : null;
    },

    async saveOrder(order) {
      orders.set(order.id, clone(order));
      orderIds.set(JSON.stringify([order.partnerId, order.partnerOrderId]), order.id);
    },

    async ordersByClickIds(clickIds) {
      const wanted = new Set(clickIds);
      const placed = (order: Order) => Date.parse(order.timeline[0]?.at ?? '');
      return clone(
        [...orders.values()]
          .filter((order) => order.clickId !== null && wanted.has(order.clickId))
          .sort((a, b) => placed(b) - placed(a)),
      );
    },

    async claimConversion(receipt) {
      const keys = receiptKeys(receipt);
      if (keys.some((key) => receipts.has(key))) return false;
      for (const key of keys) receipts.add(key);
      return true;
    },

    async releaseConversion(receipt) {
      for (const key of receiptKeys(receipt)) receipts.delete(key);
    },

    async commissionsForOrder(orderId) {
      return clone([...commissions.values()].filter((c) => c.orderId === orderId));
    },

    async saveCommissions(orderId, records) {
      for (const [id, record] of commissions) if (record.orderId === orderId) commissions.delete(id);
      for (const record of records) commissions.set(record.id, clone(record));
    },

    async creatorStats(creatorId) {
      const stats = new Map(
        creatorRecommendations(creatorId).map((rec) => [
          rec.id,
          {
            title: products.get(rec.productId)?.title ?? rec.productId,
            impressions: 0,
            clicks: 0,
            orders: new Set<string>(),
            gmv: new Map<string, number>(),
            pending: new Map<string, number>(),
            approved: new Map<string, number>(),
          },
        ]),
      );
      for (const event of events.values()) {
        const entry = stats.get(event.recommendationId);
        if (entry && event.type === 'impression') entry.impressions += 1;
        if (entry && event.type === 'click') entry.clicks += 1;
      }
      for (const order of orders.values()) {
        if (order.status === 'cancelled') continue;
        for (const line of order.lines) {
          const entry = line.recommendationId === undefined ? undefined : stats.get(line.recommendationId);
          const net = line.amount.amount - (line.refunded?.amount ?? 0);
          if (!entry || net <= 0) continue;
          entry.orders.add(order.id);
          add(entry.gmv, { amount: net, currency: line.amount.currency });
        }
      }
      for (const record of commissions.values()) {
        const entry = record.recommendationId === null ? undefined : stats.get(record.recommendationId);
        if (!entry || record.creatorId !== creatorId) continue;
        if (record.state === 'pending') add(entry.pending, record.amount);
        if (record.state === 'approved' || record.state === 'paid') add(entry.approved, record.amount);
      }
      return [...stats].map(([recommendationId, entry]) => ({
        recommendationId,
        title: entry.title,
        impressions: entry.impressions,
        clicks: entry.clicks,
        orders: entry.orders.size,
        gmv: toMoney(entry.gmv),
        commissionPending: toMoney(entry.pending),
        commissionApproved: toMoney(entry.approved),
      }));
    },
  };
}
