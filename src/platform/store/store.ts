/**
 * The store contract of the reference platform: everything the v1 API reads
 * and writes. Implementations: `createMemoryStore` (tests, demos, msw) and the
 * SQL store of `vitrine/platform/sql` (PGlite, PostgreSQL). A third-party store
 * proves it keeps this contract with `describePlatformStore` of `vitrine/testing`.
 */
import type { AttributionEvent, FilterReason, Touch } from '../../model/attribution.js';
import type { LedgerEntry, Payout, PayoutStatement } from '../../model/commission.js';
import type { Creator } from '../../model/creator.js';
import type { Order, OrderStatus } from '../../model/order.js';
import type { Partner } from '../../model/partner.js';
import type { Offer, Product } from '../../model/product.js';
import type { CardPayload, Recommendation, ShowcasePage } from '../../model/recommendation.js';
import type { FilteredStats, PlacementStats, RecommendationStats, StatsBucket, StatsPoint } from '../../model/stats.js';

/** A conversion callback as remembered for deduplication (by partner and `webhook-id`). */
export interface ConversionReceipt {
  partnerId: string;
  /** The `webhook-id` header: unique per message of this partner, the same on every retry. */
  webhookId: string;
  /** The partner's own order number (for support: not part of the key). */
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
  /**
   * Replaces a partner's webhook secrets (current first; the others are still
   * accepted and still sign outgoing webhooks): the rotation step. Rejects
   * with `not_found` for an unknown partner. Survives restarts: loading a
   * catalog seeds the secrets of new partners only.
   */
  setPartnerSecrets(partnerId: string, secrets: readonly string[]): Promise<void>;
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
  /** The creator with this public handle (without `@`, compared case-insensitively), or `null`. */
  creatorByHandle(handle: string): Promise<Creator | null>;
  /**
   * The share token of a recommendation: the one it has, or else `candidate`,
   * stored as its token for good (concurrent first calls agree on one).
   * `null` when the recommendation does not exist. Tokens are 10 characters of
   * Crockford base32 (`0-9`, `A-Z` without `I L O U`).
   */
  shareToken(recommendationId: string, candidate: string): Promise<string | null>;
  /**
   * The platform secret stored under `name` (`stream`: the stream tokens' key,
   * `visitor`: the visitor keys' salt), storing `candidate` first when there
   * is none: every process sharing the store gets the same value, the first
   * one stored, kept for good.
   */
  platformSecret(name: 'stream' | 'visitor', candidate: string): Promise<string>;
  /** The recommendation id a share token stands for, or `null`. */
  recommendationByShareToken(token: string): Promise<string | null>;
  /** The catalog product with an offer whose URL has this origin + pathname, or `null`. */
  productByOfferUrl(url: URL): Promise<{ product: Product; offer: Offer } | null>;
  /**
   * Stores a recommendation (its creator and product exist), replacing the one
   * with the same id: an edit keeps the id and `createdAt`. At most one
   * recommendation per (creator, product, `partnerId`) when `partnerId` is set:
   * a second one with another id rejects.
   */
  createRecommendation(recommendation: Recommendation): Promise<void>;
  /** A creator's recommendations of one product, newest first (for republishing without duplicates). */
  creatorRecommendationsOf(creatorId: string, productId: string): Promise<Recommendation[]>;
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
   * in the same batch: the first one counts) and updating the stats rollups in
   * the same unit of work. A click event with a click id binds it (a touch,
   * used for attribution when it has a partner) unless it is filtered or the
   * click id is bound already (then it is filtered `click_rebound`); a bound
   * click of a `visitor` who clicked the same recommendation earlier in the
   * same hour (UTC) is filtered `repeat_click` (it still binds: attribution
   * never depends on the numbers). Filtered events are kept and deduplicated
   * like the others, and counted apart. `outcomes[i]` says what became of `events[i]`.
   */
  insertEvents(events: readonly IngestEvent[]): Promise<InsertedEvents>;
  /**
   * The touches with these click ids: at most one per click id, made from the
   * FIRST click event stored with it (a click id is bound to its creator,
   * recommendation and partner once; `insertEvents` skips later click events
   * of a bound click id, counting them as duplicates).
   */
  touchesByClickIds(clickIds: readonly string[]): Promise<Touch[]>;
  /** The `checkout` events carrying this click id, in the order they were stored (arrival, never the client's `at`). */
  checkoutEvents(clickId: string): Promise<AttributionEvent[]>;
  /**
   * Inside a transaction: waits until no other transaction holds the lock of
   * this (partner, partner order id), then holds it until this transaction
   * ends, so that callbacks of one order are recorded one after the other.
   * Stores whose transactions never overlap (memory, PGlite) may do nothing.
   */
  lockOrder(partnerId: string, partnerOrderId: string): Promise<void>;
  /** The order a partner knows by `partnerOrderId`, or `null`. */
  orderByPartnerOrderId(partnerId: string, partnerOrderId: string): Promise<Order | null>;
  /**
   * Inserts a new order unless its (partnerId, partnerOrderId) is recorded
   * already (then changes nothing and resolves `false`): the first callbacks of
   * an order racing each other never fail, one creates it.
   */
  createOrder(order: Order): Promise<boolean>;
  /**
   * Inserts or replaces an order by `id`. `(partnerId, partnerOrderId)` is
   * unique too: saving another order id for a pair already taken rejects.
   */
  saveOrder(order: Order): Promise<void>;
  /** The orders carrying one of these click ids, newest first. */
  ordersByClickIds(clickIds: readonly string[]): Promise<Order[]>;
  /**
   * Records a conversion callback unless its `webhookId` was recorded before
   * for this partner. Returns `false` for such a redelivery. (Whether a new
   * message changes anything is the domain's business: the same status, or a
   * refund total already known, changes nothing.)
   */
  claimConversion(receipt: ConversionReceipt): Promise<boolean>;
  /**
   * Claims up to `limit` due messages for delivery (at most `perPartner` of one
   * partner), like `dueWebhooks`, skipping messages another caller claimed
   * less than `leaseMs` ago: concurrent dispatchers, in one process or
   * several, never get the same message (SQL: `FOR UPDATE SKIP LOCKED`). A
   * claim ends with `recordWebhookAttempt`, or when the lease runs out (a
   * dispatcher that died): then the message is claimed again (at least once).
   * Messages of `skipPartners` (partners the caller is still delivering to)
   * are left for later.
   */
  claimWebhooks(
    now: number,
    options: { limit: number; perPartner?: number | undefined; leaseMs: number; skipPartners?: readonly string[] | undefined },
  ): Promise<OutboxMessage[]>;
  /**
   * Adds an outgoing webhook message to the outbox, due at `nextAttemptAt` (ms).
   * Adding an existing id is a no-op; a message for an unknown partner rejects.
   */
  enqueueWebhook(message: NewOutboxMessage): Promise<void>;
  /**
   * Undelivered messages due at `now` (ms), earliest due first and, for equal
   * due times, in enqueue order; at most `limit`, and at most `perPartner` of
   * one partner when given.
   */
  dueWebhooks(now: number, limit: number, perPartner?: number): Promise<OutboxMessage[]>;
  /**
   * Records one delivery attempt: `deliveredAt` when it succeeded; otherwise
   * `nextAttemptAt`, or `null` to give up. Increments `attempts`. Once a message
   * is delivered, later results change nothing else (several dispatchers may race).
   */
  recordWebhookAttempt(id: string, result: { status: number; deliveredAt: number | null; nextAttemptAt: number | null }): Promise<void>;
  /** One outbox message by id (for tests and support), or `null`. */
  webhookMessage(id: string): Promise<OutboxMessage | null>;
  /** The ledger entries of an order, in booking order. */
  ledgerForOrder(orderId: string): Promise<LedgerEntry[]>;
  /**
   * Appends ledger entries (in the order given). Entries are never updated nor
   * deleted, except that a payout settles them ({@link recordPayout}); an id
   * already booked rejects.
   */
  appendLedger(entries: readonly LedgerEntry[]): Promise<void>;
  /** Inside a transaction: serializes payout runs, like {@link lockOrder} does callbacks. */
  lockPayouts(): Promise<void>;
  /**
   * The entries a payout would settle: balance `approved`, kind not `payout`,
   * not settled yet, booked strictly before `periodEnd` (ISO 8601); of one
   * creator when `creatorId` is given. Ordered by creator, currency, booking order.
   */
  payableEntries(periodEnd: string, creatorId?: string): Promise<LedgerEntry[]>;
  /** The creator's latest payout in `currency`, or `null`. */
  latestPayout(creatorId: string, currency: string): Promise<Payout | null>;
  /**
   * Books a payout: stores it, appends its `payout` entry (−`payout.amount`,
   * balance `approved`, `payoutId` = its id) and settles `entryIds` (sets their
   * `payoutId`). Rejects, changing nothing when inside a transaction, if one of
   * them is unknown, not payable or settled already: an entry is paid once.
   */
  recordPayout(payout: Payout, entryIds: readonly string[]): Promise<void>;
  /** A payout with the entries it settled (its statement), or `null`. */
  payoutStatement(payoutId: string): Promise<PayoutStatement | null>;
  /** A creator's payouts, newest first. */
  payoutsOf(creatorId: string): Promise<Payout[]>;
  /**
   * Aggregates for each of a creator's recommendations (newest first), computed now:
   * - `impressions`, `clicks`: stored events of that type for the recommendation;
   * - `orders`: orders (not cancelled) with a line attributed to it whose
   *   amount net of refunds is above zero; `gmv`: the sum of those net amounts;
   * - `commissionPending`: the ledger's `pending` balance;
   *   `commissionApproved`: its `approved` entries other than payouts, paid or
   *   not (reversals and adjustments included); `commissionPaid`: those of
   *   them settled by a payout; `commissionReversed`: minus the sum of
   *   `reversal` and `adjustment` entries.
   * Money lists hold one entry per currency, sorted by currency code, zero
   * totals left out. `aggregateCreatorStats` applies these rules to facts a
   * store reads; use it rather than restating them.
   */
  creatorStats(creatorId: string): Promise<RecommendationStats[]>;
  /**
   * A creator's analytics for a range, read from the rollups (never by
   * scanning events): per recommendation (the rules of {@link creatorStats},
   * applied to the events, orders and ledger entries of the range: events by
   * their time, orders by when they were placed, ledger entries by when they
   * were booked), the series cut in `query.bucket`s, the per-placement
   * breakdown and the filtered traffic. `buildStatsReport` of this module
   * applies the rules to rollup rows; a store reads the rows.
   */
  statsReport(creatorId: string, query: StatsQuery): Promise<StatsReport>;
  /**
   * Inside the transaction that made them: records changes that live streams
   * push (the orders of a click id, the stats of a creator). They become
   * visible to `changesSince` and wake `watchChanges` listeners of every
   * process sharing the database when the transaction commits.
   */
  recordChanges(changes: readonly Change[]): Promise<void>;
  /**
   * Changes recorded after `after` (a `seq` from an earlier answer, 0 for the
   * start), oldest first, at most `limit`; `head` is the latest seq;
   * `complete` is false when changes after `after` were pruned already (the
   * caller must start over from a snapshot).
   */
  changesSince(after: number, limit: number): Promise<{ head: number; complete: boolean; changes: RecordedChange[] }>;
  /**
   * Calls `listener` (without arguments, possibly coalesced) after changes are
   * committed by anyone sharing this store's database: PostgreSQL
   * `LISTEN/NOTIFY`, PGlite's `listen`, an in-process emitter in memory.
   * Resolves to a function that stops listening.
   */
  watchChanges(listener: () => void): Promise<() => Promise<void>>;
  /**
   * Claims background job `name` when it is due at `now`: resolves `true` to
   * exactly one caller per `intervalMs` across every process (SQL: a row
   * claimed with `FOR UPDATE SKIP LOCKED`), which then runs it; `false` to
   * the others.
   */
  claimJob(name: string, now: number, intervalMs: number): Promise<boolean>;
  /**
   * Retention: drops raw events older than `rawBefore` (SQL: whole day
   * partitions, so the cut is at a UTC midnight at or before it), minute
   * rollups older than `minutesBefore`, visitor click keys older than two
   * hours and changes older than `changesBefore`. Rollups by hour, touches
   * and checkouts (attribution) are kept.
   */
  prune(cutoffs: { rawBefore: number; minutesBefore: number; changesBefore: number; now: number }): Promise<{ rawDays: number }>;
}

/** An event to store: the client's event, and what the platform found out about it. */
export interface IngestEvent extends AttributionEvent {
  /** Decided before the store (`bot`, `prefetch`, `stale`); the store adds `click_rebound` and `repeat_click`. */
  filtered?: FilterReason | undefined;
  /** An opaque, salted key of the visitor (for `repeat_click`); a click without one is never a repeat. */
  visitor?: string | undefined;
}

/** What became of one event: counted, already stored (same id), or kept out of the numbers. */
export type EventOutcome = 'accepted' | 'duplicate' | 'filtered';

/** What `insertEvents` did: the counts, and each event's outcome in order. */
export interface InsertedEvents {
  accepted: number;
  duplicates: number;
  filtered: number;
  outcomes: EventOutcome[];
}

/** The range of a `statsReport`: `[from, to)` in ms (`null`: unbounded; all time has no series), cut in `bucket`s. */
export interface StatsQuery {
  from: number | null;
  to: number | null;
  /** `null`: no series. `minute` reads the minute rollups (kept for a few days only). */
  bucket: StatsBucket | null;
  /** IANA time zone where `day` buckets start at midnight. */
  timeZone: string;
}

/** A creator's analytics for a range (see `statsReport`). */
export interface StatsReport {
  recommendations: RecommendationStats[];
  series: StatsPoint[];
  placements: PlacementStats[];
  filtered: FilteredStats;
}

/** Topics of the change feed: `orders` keyed by click id, `stats` keyed by creator id. */
export type ChangeTopic = 'orders' | 'stats';

/** Something live streams may have to push. */
export interface Change {
  topic: ChangeTopic;
  key: string;
}

/** A change as recorded: its position in the feed. */
export interface RecordedChange extends Change {
  seq: number;
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
