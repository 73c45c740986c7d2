/**
 * The in-memory `PlatformStore`: the reference implementation of the contract,
 * for tests, demos and the msw handlers of `vitrine/testing`.
 */
import { VitrineError } from '../../errors.js';
import type { FilterReason } from '../../model/attribution.js';
import type { LedgerEntry, Payout } from '../../model/commission.js';
import type { Creator } from '../../model/creator.js';
import type { Order } from '../../model/order.js';
import type { Partner } from '../../model/partner.js';
import type { Offer, Product } from '../../model/product.js';
import type { CardPayload, Recommendation } from '../../model/recommendation.js';
import type { Catalog } from '../catalog.js';
import { decodeShowcaseCursor, encodeShowcaseCursor, newestFirst } from './cursor.js';
import { bucketStart, DAY, HOUR } from './buckets.js';
import { ALL_TIME, buildStatsReport, ledgerContribution, orderDelta, type FilteredRow, type SalesRow, type TrafficRow } from './stats.js';
import type { ConversionReceipt, EventOutcome, IdempotencyRecord, IngestEvent, OutboxMessage, PlatformStore, RecordedChange } from './store.js';

const clone = <T>(value: T): T => structuredClone(value);
const urlKey = (url: URL) => `${url.origin}${url.pathname}`;
const ABSENT = Symbol('absent');

/**
 * An in-memory `PlatformStore` seeded from a validated catalog (see
 * `parseCatalog`). State lives as long as the returned object.
 *
 * Transactions are serializable: one runs at a time, calls from outside wait
 * until it ends, and a transaction that throws is undone from its journal of
 * changes.
 */
export function createMemoryStore(catalog: Catalog): PlatformStore {
  const partners = new Map<string, { partner: Partner; secrets: string[]; webhookUrl?: string }>();
  for (const { webhookSecret, previousWebhookSecrets = [], webhookUrl, ...partner } of catalog.partners) {
    partners.set(partner.id, { partner, secrets: [webhookSecret, ...previousWebhookSecrets], ...(webhookUrl ? { webhookUrl } : {}) });
  }
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
  const outbox = new Map<string, OutboxMessage>();
  /** Outbox claims: message id → claimed until (ms). */
  const claims = new Map<string, number>();
  /** Events by UTC day and id (the SQL store's key), in arrival order. */
  const events = new Map<string, IngestEvent>();
  /** Bound click ids → the page and placement of the binding click. */
  const clickPlaces = new Map<string, { page: string; placement: string }>();
  /** `visitor \n recommendation \n hour`: the visitor's counted click of the hour. */
  const visitorClicks = new Map<string, true>();
  /** Rollups, keyed by their JSON key; values are replaced, never mutated. */
  const trafficMinutes = new Map<string, TrafficRow & { creatorId: string }>();
  const trafficHours = new Map<string, TrafficRow & { creatorId: string }>();
  const sales = new Map<string, SalesRow & { creatorId: string }>();
  const filteredHours = new Map<string, FilteredRow & { creatorId: string }>();
  const changes = new Map<number, RecordedChange & { at: number }>();
  let changeSeq = 0;
  let prunedThrough = 0;
  /** UTC days whose raw events were pruned (counted once, like a dropped partition). */
  const prunedDays = new Set<string>();
  const changeListeners = new Set<() => void>();
  /** Whether the running transaction recorded changes (listeners are called once it commits). */
  let changed = false;
  const jobs = new Map<string, number>();
  const orders = new Map<string, Order>();
  const orderIds = new Map<string, string>();
  const receipts = new Map<string, true>();
  /** Click id → id of the click event that bound it. */
  const clicks = new Map<string, string>();
  const ledger = new Map<string, LedgerEntry>();
  const payouts = new Map<string, Payout>();
  const idempotency = new Map<string, IdempotencyRecord>();
  const shareTokens = new Map<string, string>();
  const tokensByRecommendation = new Map<string, string>();
  const secrets = new Map<string, string>();

  /** Undo steps of the running transaction, newest last; `null` outside one. */
  let journal: Array<() => void> | null = null;
  /** The running transaction, which calls from outside wait for. */
  let running: Promise<unknown> | null = null;

  /** `map.set(key, value)`, undone if the running transaction fails. Values are never mutated in place. */
  function put<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (journal) {
      const previous = map.has(key) ? map.get(key)! : ABSENT;
      journal.push(() => (previous === ABSENT ? map.delete(key) : map.set(key, previous)));
    }
    map.set(key, value);
  }

  /** `map.delete(key)`, undone if the running transaction fails. */
  function drop<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    const previous = map.get(key)!;
    journal?.push(() => map.set(key, previous));
    map.delete(key);
  }

  const receiptKey = (r: ConversionReceipt) => JSON.stringify([r.partnerId, r.webhookId]);
  const payable = (entry: LedgerEntry) => entry.balance === 'approved' && entry.kind !== 'payout' && entry.payoutId === null;

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

  const dayOf = (at: string) => new Date(at).toISOString().slice(0, 10);
  const eventKey = (event: { id: string; at: string }) => `${dayOf(event.at)}\n${event.id}`;

  /** Adds `delta` to the rollup row `key` of `map` (created from `base` when new). */
  function bump<R extends object>(map: Map<string, R>, key: unknown[], base: R, delta: Partial<Record<keyof R, number>>): void {
    const id = JSON.stringify(key);
    const row = { ...(map.get(id) ?? base) } as Record<string, unknown>;
    for (const [name, value] of Object.entries(delta) as Array<[string, number]>) row[name] = (row[name] as number) + value;
    put(map, id, row as R);
  }

  function countTraffic(event: IngestEvent, outcome: EventOutcome, filtered: FilterReason | undefined): void {
    const at = Date.parse(event.at);
    const page = event.page ?? '';
    const placement = event.placement ?? '';
    const counted = outcome === 'accepted';
    const delta = { impressions: counted && event.type === 'impression' ? 1 : 0, clicks: counted && event.type === 'click' ? 1 : 0 };
    const base = { creatorId: event.creatorId, recommendationId: event.recommendationId, page: '', placement: '', impressions: 0, clicks: 0 };
    if (delta.impressions + delta.clicks > 0) {
      const minute = bucketStart(at, 'minute', 'UTC');
      bump(trafficMinutes, [event.creatorId, minute, event.recommendationId], { ...base, bucket: minute }, delta);
      const hour = bucketStart(at, 'hour', 'UTC');
      bump(trafficHours, [event.creatorId, hour, event.recommendationId, page, placement], { ...base, bucket: hour, page, placement }, delta);
    }
    if (filtered) {
      const hour = bucketStart(at, 'hour', 'UTC');
      bump(filteredHours, [event.creatorId, hour, filtered], { creatorId: event.creatorId, bucket: hour, reason: filtered, count: 0 }, { count: 1 });
    }
  }

  /** Adds to the sales rollup of a recommendation (its creator's unless `creatorId` says), at the hour of `at`. */
  function bumpSales(
    recommendationId: string,
    at: string,
    currency: string,
    place: { page: string; placement: string },
    delta: Partial<Record<'orders' | 'gmv' | 'pending' | 'approved' | 'paid' | 'reversed', number>>,
    creatorId = recommendations.get(recommendationId)?.creatorId,
  ): void {
    if (creatorId === undefined) return;
    const hour = bucketStart(Date.parse(at), 'hour', 'UTC');
    const base = { creatorId, recommendationId, bucket: hour, ...place, currency, orders: 0, gmv: 0, pending: 0, approved: 0, paid: 0, reversed: 0 };
    bump(sales, [creatorId, hour, recommendationId, place.page, place.placement, currency], base, delta);
  }

  const placeOfOrder = (orderId: string | null) => {
    const order = orderId === null ? undefined : orders.get(orderId);
    return (order?.clickId && clickPlaces.get(order.clickId)) || { page: '', placement: '' };
  };

  function countLedger(entry: LedgerEntry): void {
    const contribution = ledgerContribution(entry);
    if (contribution && entry.recommendationId !== null) {
      bumpSales(entry.recommendationId, entry.createdAt, entry.amount.currency, placeOfOrder(entry.orderId), contribution, entry.creatorId);
    }
  }

  function noteChanges(): void {
    if (journal) changed = true;
    else for (const listener of changeListeners) queueMicrotask(listener);
  }

  /** The store's operations, without waiting: what a transaction calls. */
  const operations: Omit<PlatformStore, 'transaction'> = {
    async listPartners() {
      return clone([...partners.values()].map((entry) => entry.partner).sort((a, b) => (a.id < b.id ? -1 : 1)));
    },

    async partnerSecrets(partnerId) {
      const entry = partners.get(partnerId);
      return entry ? clone(entry) : null;
    },

    async setPartnerSecrets(partnerId, secrets) {
      const entry = partners.get(partnerId);
      if (!entry) throw new VitrineError('not_found', `Unknown partner "${partnerId}"`);
      put(partners, partnerId, { ...entry, secrets: [...secrets] });
    },

    async enqueueWebhook(message) {
      if (!partners.has(message.partnerId)) throw new VitrineError('invalid_input', `Unknown partner "${message.partnerId}"`);
      if (!outbox.has(message.id)) put(outbox, message.id, { ...clone(message), attempts: 0, lastStatus: null, deliveredAt: null, abandoned: false });
    },

    async dueWebhooks(now, limit, perPartner = Infinity) {
      const taken = new Map<string, number>();
      return [...outbox.values()]
        .filter((message) => message.deliveredAt === null && !message.abandoned && message.nextAttemptAt <= now)
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt) // stable: enqueue order for equal times
        .filter((message) => {
          const count = taken.get(message.partnerId) ?? 0;
          taken.set(message.partnerId, count + 1);
          return count < perPartner;
        })
        .slice(0, limit)
        .map(clone);
    },

    async claimWebhooks(now, { limit, perPartner, leaseMs, skipPartners = [] }) {
      const due = await operations.dueWebhooks(now, Number.MAX_SAFE_INTEGER);
      const taken = new Map<string, number>();
      const claimed = due
        .filter((message) => (claims.get(message.id) ?? -Infinity) <= now && !skipPartners.includes(message.partnerId))
        .filter((message) => {
          const count = taken.get(message.partnerId) ?? 0;
          taken.set(message.partnerId, count + 1);
          return count < (perPartner ?? Infinity);
        })
        .slice(0, limit);
      for (const message of claimed) put(claims, message.id, now + leaseMs);
      return claimed;
    },

    async recordWebhookAttempt(id, result) {
      const message = outbox.get(id);
      if (!message) return;
      drop(claims, id);
      // A delivered message stays delivered, whatever a slower attempt reports.
      if (message.deliveredAt !== null) return put(outbox, id, { ...message, attempts: message.attempts + 1 });
      const next = { ...message, attempts: message.attempts + 1, lastStatus: result.status, deliveredAt: result.deliveredAt };
      if (result.deliveredAt === null) {
        if (result.nextAttemptAt === null) next.abandoned = true;
        else next.nextAttemptAt = result.nextAttemptAt;
      }
      put(outbox, id, next);
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
      const after = cursor === null ? null : decodeShowcaseCursor(cursor);
      const all = creatorRecommendations(creatorId).filter((rec) => after === null || newestFirst(after, rec) < 0);
      const page = all.slice(0, limit);
      const last = page.at(-1);
      return {
        creator: clone(creator),
        cards: page.flatMap((rec) => card(rec) ?? []),
        nextCursor: all.length > limit && last ? encodeShowcaseCursor({ createdAt: new Date(last.createdAt).toISOString(), id: last.id }) : null,
      };
    },

    async creatorByApiKey(apiKey) {
      const id = apiKeys.get(apiKey);
      const creator = id === undefined ? undefined : creators.get(id);
      return creator ? clone(creator) : null;
    },

    async creatorByHandle(handle) {
      const wanted = handle.toLowerCase();
      const found = [...creators.values()].filter((creator) => creator.handle.toLowerCase() === wanted).sort((a, b) => (a.id < b.id ? -1 : 1))[0];
      return found ? clone(found) : null;
    },

    async shareToken(recommendationId, candidate) {
      if (!recommendations.has(recommendationId)) return null;
      const existing = tokensByRecommendation.get(recommendationId);
      if (existing !== undefined) return existing;
      put(tokensByRecommendation, recommendationId, candidate);
      put(shareTokens, candidate, recommendationId);
      return candidate;
    },

    async platformSecret(name, candidate) {
      if (!secrets.has(name)) put(secrets, name, candidate);
      return secrets.get(name)!;
    },

    async recommendationByShareToken(token) {
      return shareTokens.get(token) ?? null;
    },

    async productByOfferUrl(url) {
      const found = offers.get(urlKey(url));
      return found ? clone(found) : null;
    },

    async createRecommendation(rec) {
      const taken = rec.partnerId !== undefined &&
        [...recommendations.values()].some((other) => other.id !== rec.id && other.creatorId === rec.creatorId && other.productId === rec.productId && other.partnerId === rec.partnerId);
      if (taken) throw new VitrineError('invalid_input', `Creator ${rec.creatorId} already recommends ${rec.productId} at ${rec.partnerId}`);
      put(recommendations, rec.id, clone(rec));
    },

    async creatorRecommendationsOf(creatorId, productId) {
      return clone(creatorRecommendations(creatorId).filter((rec) => rec.productId === productId));
    },

    async claimIdempotencyKey(scope, key, fingerprint) {
      const id = JSON.stringify([scope, key]);
      const existing = idempotency.get(id);
      if (existing) return clone(existing);
      put(idempotency, id, { fingerprint, response: null });
      return null;
    },

    async completeIdempotencyKey(scope, key, response) {
      const id = JSON.stringify([scope, key]);
      const record = idempotency.get(id);
      if (record) put(idempotency, id, { ...record, response: clone(response) });
    },

    async releaseIdempotencyKey(scope, key) {
      drop(idempotency, JSON.stringify([scope, key]));
    },

    async insertEvents(batch) {
      const outcomes: EventOutcome[] = [];
      for (const event of batch) {
        const key = eventKey(event);
        if (events.has(key)) {
          outcomes.push('duplicate');
          continue;
        }
        let filtered = event.filtered;
        if (event.type === 'click' && event.clickId !== undefined && filtered === undefined) {
          // A click id is bound by its first click event: later ones are filtered.
          if (clicks.has(event.clickId)) filtered = 'click_rebound';
          else {
            put(clicks, event.clickId, key);
            put(clickPlaces, event.clickId, { page: event.page ?? '', placement: event.placement ?? '' });
            const hour = Math.floor(Date.parse(event.at) / HOUR);
            const visit = event.visitor === undefined ? undefined : `${event.visitor}\n${event.recommendationId}\n${hour}`;
            if (visit !== undefined && visitorClicks.has(visit)) filtered = 'repeat_click';
            else if (visit !== undefined) put(visitorClicks, visit, true);
          }
        }
        const { visitor: _visitor, filtered: _filtered, ...stored } = event;
        put(events, key, { ...clone(stored), ...(filtered && { filtered }) });
        const outcome: EventOutcome = filtered ? 'filtered' : 'accepted';
        countTraffic(event, outcome, filtered);
        outcomes.push(outcome);
      }
      const count = (outcome: EventOutcome) => outcomes.filter((o) => o === outcome).length;
      return { accepted: count('accepted'), duplicates: count('duplicate'), filtered: count('filtered'), outcomes };
    },

    async touchesByClickIds(clickIds) {
      return [...new Set(clickIds)].flatMap((clickId) => {
        const key = clicks.get(clickId);
        const e = key === undefined ? undefined : events.get(key);
        return e?.partnerId === undefined ? [] : [{ clickId, partnerId: e.partnerId, creatorId: e.creatorId, recommendationId: e.recommendationId, at: e.at }];
      });
    },

    async checkoutEvents(clickId) {
      // Map order is insertion order: arrival, whatever the events' own `at` claims. Filtered checkouts attribute nothing.
      return clone([...events.values()].filter((e) => e.type === 'checkout' && e.clickId === clickId && e.filtered === undefined));
    },

    async lockOrder() {
      // One transaction runs at a time: nothing to lock.
    },

    async createOrder(order) {
      if (orderIds.has(JSON.stringify([order.partnerId, order.partnerOrderId]))) return false;
      await operations.saveOrder(order);
      return true;
    },

    async orderByPartnerOrderId(partnerId, partnerOrderId) {
      const id = orderIds.get(JSON.stringify([partnerId, partnerOrderId]));
      const order = id === undefined ? undefined : orders.get(id);
      return order ? clone(order) : null;
    },

    async saveOrder(order) {
      const key = JSON.stringify([order.partnerId, order.partnerOrderId]);
      const taken = orderIds.get(key);
      if (taken !== undefined && taken !== order.id) {
        throw new VitrineError('invalid_input', `Order ${order.partnerId}/${order.partnerOrderId} is already recorded as ${taken}`);
      }
      const previous = orders.get(order.id) ?? null;
      put(orders, order.id, clone(order));
      put(orderIds, key, order.id);
      const place = order.clickId ? (clickPlaces.get(order.clickId) ?? { page: '', placement: '' }) : { page: '', placement: '' };
      for (const { recommendationId, orders: count, gmv } of orderDelta(previous, order)) {
        bumpSales(recommendationId, order.timeline[0]?.at ?? new Date(0).toISOString(), order.total.currency, place, { orders: count, gmv });
      }
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
      const key = receiptKey(receipt);
      if (receipts.has(key)) return false;
      put(receipts, key, true);
      return true;
    },

    async ledgerForOrder(orderId) {
      return clone([...ledger.values()].filter((entry) => entry.orderId === orderId));
    },

    async appendLedger(entries) {
      const ids = new Set(entries.map((entry) => entry.id));
      if (ids.size < entries.length || entries.some((entry) => ledger.has(entry.id))) {
        throw new VitrineError('invalid_input', 'A ledger entry with this id is booked already');
      }
      for (const entry of entries) {
        put(ledger, entry.id, clone(entry));
        countLedger(entry);
      }
    },

    async lockPayouts() {
      // One transaction runs at a time: nothing to lock.
    },

    async payableEntries(periodEnd, creatorId) {
      const end = Date.parse(periodEnd);
      const entries = [...ledger.values()].filter(
        (entry) => payable(entry) && Date.parse(entry.createdAt) < end && (creatorId === undefined || entry.creatorId === creatorId),
      );
      const key = (entry: LedgerEntry) => `${entry.creatorId}\u0000${entry.amount.currency}`;
      // Stable: booking order inside each (creator, currency).
      return clone(entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
    },

    async latestPayout(creatorId, currency) {
      const mine = [...payouts.values()].filter((p) => p.creatorId === creatorId && p.amount.currency === currency);
      return mine.length === 0 ? null : clone(mine.at(-1)!);
    },

    async recordPayout(payout, entryIds) {
      if (payouts.has(payout.id) || ledger.has(payout.id)) throw new VitrineError('invalid_input', `Payout ${payout.id} exists already`);
      const settled = entryIds.map((id) => ledger.get(id));
      if (settled.some((entry) => !entry || !payable(entry) || entry.creatorId !== payout.creatorId || entry.amount.currency !== payout.amount.currency)) {
        throw new VitrineError('invalid_input', 'Every entry of a payout must be an unpaid approved entry of its creator and currency');
      }
      put(payouts, payout.id, clone(payout));
      for (const entry of settled) {
        put(ledger, entry!.id, { ...entry!, payoutId: payout.id });
        if (entry!.recommendationId !== null) {
          bumpSales(entry!.recommendationId, entry!.createdAt, entry!.amount.currency, placeOfOrder(entry!.orderId), { paid: entry!.amount.amount }, entry!.creatorId);
        }
      }
      put(ledger, payout.id, {
        id: payout.id,
        kind: 'payout',
        balance: 'approved',
        creatorId: payout.creatorId,
        amount: { amount: -payout.amount.amount, currency: payout.amount.currency },
        orderId: null,
        lineIndex: null,
        recommendationId: null,
        partnerId: null,
        base: null,
        rateBps: null,
        createdAt: payout.createdAt,
        payoutId: payout.id,
      });
    },

    async payoutStatement(payoutId) {
      const payout = payouts.get(payoutId);
      if (!payout) return null;
      const entries = [...ledger.values()].filter((entry) => entry.payoutId === payoutId && entry.kind !== 'payout');
      return clone({ payout, entries });
    },

    async payoutsOf(creatorId) {
      return clone([...payouts.values()].filter((p) => p.creatorId === creatorId).reverse());
    },

    async creatorStats(creatorId) {
      return (await operations.statsReport(creatorId, ALL_TIME)).recommendations;
    },

    async statsReport(creatorId, query) {
      const inRange = (bucket: number, start: number | null) => (start === null || bucket >= start) && (query.to === null || bucket < query.to);
      const hourFrom = query.from === null ? null : bucketStart(query.from, 'hour', 'UTC');
      const traffic = query.bucket === 'minute' ? trafficMinutes : trafficHours;
      const trafficFrom = query.bucket === 'minute' && query.from !== null ? bucketStart(query.from, 'minute', 'UTC') : hourFrom;
      const of = <R extends { creatorId: string; bucket: number }>(map: Map<string, R>, from: number | null) =>
        [...map.values()].filter((row) => row.creatorId === creatorId && inRange(row.bucket, from));
      return buildStatsReport(query, {
        recommendations: creatorRecommendations(creatorId).map((rec) => ({ id: rec.id, title: products.get(rec.productId)?.title ?? rec.productId })),
        traffic: of(traffic, trafficFrom),
        sales: of(sales, hourFrom),
        filtered: of(filteredHours, hourFrom),
      });
    },

    async recordChanges(list) {
      for (const change of list) {
        changeSeq += 1;
        put(changes, changeSeq, { seq: changeSeq, topic: change.topic, key: change.key, at: Date.now() });
      }
      if (list.length > 0) noteChanges();
    },

    async changesSince(after, limit) {
      const found = [...changes.values()].filter((change) => change.seq > after).slice(0, limit);
      // The newest change kept (a rolled-back transaction's positions are gaps, as in a SQL sequence).
      let head = prunedThrough;
      for (const seq of changes.keys()) head = Math.max(head, seq);
      return { head, complete: after >= prunedThrough, changes: found.map(({ seq, topic, key }) => ({ seq, topic, key })) };
    },

    async watchChanges(listener) {
      changeListeners.add(listener);
      return async () => {
        changeListeners.delete(listener);
      };
    },

    async claimJob(name, now, intervalMs) {
      if ((jobs.get(name) ?? -Infinity) > now) return false;
      put(jobs, name, now + intervalMs);
      return true;
    },

    async prune({ rawBefore, minutesBefore, changesBefore, now }) {
      // Whole UTC days, as the SQL store drops day partitions: the cut is the midnight at or before rawBefore.
      const cutDay = dayOf(new Date(Math.floor(rawBefore / DAY) * DAY).toISOString());
      const days = new Set<string>();
      for (const [key, event] of events) {
        const day = dayOf(event.at);
        if (day >= cutDay) continue;
        if (!prunedDays.has(day)) days.add(day);
        // Clicks and checkouts stay usable for attribution: their bindings live apart from the raw events.
        if (!(event.type === 'click' && event.clickId !== undefined && clicks.get(event.clickId) === key) && event.type !== 'checkout') drop(events, key);
      }
      for (const [key, row] of trafficMinutes) if (row.bucket < minutesBefore) drop(trafficMinutes, key);
      for (const day of days) prunedDays.add(day);
      const hourNow = Math.floor(now / HOUR);
      for (const key of visitorClicks.keys()) if (Number(key.split('\n')[2]) < hourNow - 2) drop(visitorClicks, key);
      for (const [seq, change] of changes) {
        if (change.at >= changesBefore) continue;
        drop(changes, seq);
        prunedThrough = Math.max(prunedThrough, seq);
      }
      return { rawDays: days.size };
    },
  };

  /** Waits until no transaction runs (a transaction that started meanwhile is waited for too). */
  async function idle(): Promise<void> {
    while (running) await running.catch(() => {});
  }

  // Calls from outside wait for a running transaction; the transaction's own `tx` does not.
  const waiting = Object.fromEntries(
    Object.entries(operations).map(([name, operation]: [string, (...args: never[]) => Promise<unknown>]) => [
      name,
      async (...args: never[]) => {
        await idle();
        return operation(...args);
      },
    ]),
  ) as unknown as Omit<PlatformStore, 'transaction'>;
  const tx: PlatformStore = { ...operations, transaction: (fn) => fn(tx) };

  async function transaction<T>(fn: (tx: PlatformStore) => Promise<T>): Promise<T> {
    await idle();
    journal = [];
    changed = false;
    const run = (async () => {
      let committed = false;
      try {
        const result = await fn(tx);
        committed = true;
        return result;
      } catch (error) {
        for (const undo of journal!.reverse()) undo();
        throw error;
      } finally {
        journal = null;
        running = null;
        // Changes reach the listeners once they are committed, never before.
        if (committed && changed) noteChanges();
        changed = false;
      }
    })();
    running = run;
    return run;
  }

  return { ...waiting, transaction };
}
