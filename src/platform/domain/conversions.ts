/**
 * Domain steps of a partner conversion callback, after its signature was
 * verified: record it (receipt, order, ledger entries, outbox message),
 * attribute a new order to a click, book the commission. Plain functions of
 * (store, input, now): run {@link recordConversion} inside `store.transaction`
 * (the platform does, through `transact`) so that a callback commits as a whole.
 */
import type { Touch } from '../../model/attribution.js';
import type { LedgerEntry } from '../../model/commission.js';
import type { Conversion } from '../../model/conversion.js';
import type { Order, OrderLine } from '../../model/order.js';
import type { Partner } from '../../model/partner.js';
import type { CardPayload } from '../../model/recommendation.js';
import { resolveAttribution } from '../../server/attribution.js';
import { planLedger } from '../../server/commission.js';
import { moneyViolations } from '../../server/money-rules.js';
import { applyStatus } from '../../server/orders.js';
import { randomId } from '../../internal/ids.js';
import { enqueueOrderUpdated } from '../outbox.js';
import { PlatformProblem, type MoneyProblem } from '../problem.js';
import type { Change, PlatformStore } from '../store/store.js';

/** Input of {@link recordConversion}: a verified, validated callback of `partner`. */
export interface ConversionInput {
  partner: Partner;
  /** The callback's `webhook-id`: a redelivery of it is a duplicate. */
  webhookId: string;
  conversion: Conversion;
}

/** What {@link recordConversion} did: nothing for a duplicate (or a message that changes nothing), else the order as now recorded. */
export type RecordedConversion = { duplicate: true } | { duplicate: false; order: Order };

/** What {@link applyConversion} did: the order as it now stands, and whether this callback changed it. */
export interface AppliedConversion {
  order: Order;
  changed: boolean;
}

/**
 * Records one conversion callback, as one unit of work when called inside
 * `store.transaction`: checks its money ({@link checkConversionMoney}), takes
 * the order's lock (callbacks of one order are recorded one after the other),
 * claims the receipt (a redelivered `webhook-id` is a duplicate and changes
 * nothing), creates or advances the order with its ledger entries
 * ({@link applyConversion}) and enqueues `order.updated` for the partner. A
 * message that changes nothing (a status the order went through, a refund
 * total already known) is answered as a duplicate too. A failing step throws:
 * the transaction rolls back, receipt included, so the partner's retry is
 * processed again.
 */
export async function recordConversion(store: PlatformStore, input: ConversionInput, now: number): Promise<RecordedConversion> {
  const { partner, webhookId, conversion } = input;
  checkConversionMoney(conversion);
  await store.lockOrder(partner.id, conversion.orderId);
  const receipt = { partnerId: partner.id, webhookId, partnerOrderId: conversion.orderId, status: conversion.status };
  if (!(await store.claimConversion(receipt))) return { duplicate: true };
  const { order, changed } = await applyConversion(store, partner, conversion, now);
  if (!changed) return { duplicate: true };
  // Tells the partner what was recorded (attribution, commission), through the outbox.
  await enqueueOrderUpdated(store, order, now);
  // Last (the feed's lock is held until commit): live streams of this browser's orders and of the creators' stats.
  await store.recordChanges(orderChanges(order, await store.ledgerForOrder(order.id)));
  return { duplicate: false, order };
}

/** What an order change means to live streams: the orders of its click id, the stats of every creator it pays (or paid). */
export function orderChanges(order: Order, ledger: readonly LedgerEntry[]): Change[] {
  const creators = new Set([...(order.creatorId === null ? [] : [order.creatorId]), ...ledger.map((entry) => entry.creatorId)]);
  return [...(order.clickId === null ? [] : [{ topic: 'orders' as const, key: order.clickId }]), ...[...creators].map((key) => ({ topic: 'stats' as const, key }))];
}

/**
 * The money rules a callback must meet on its own, whatever the order
 * (`moneyViolations` of `vitrine/server`: an ISO 4217 currency in use, line
 * amounts and refunds of at most `MAX_LINE_AMOUNT` minor units, a refund of at
 * most its line and only on a paid order). Throws a 422 `PlatformProblem`
 * whose code names the first rule broken (`unknown_currency`,
 * `amount_out_of_range`, `refund_exceeds_amount`, `refund_before_payment`).
 */
export function checkConversionMoney(conversion: Conversion): void {
  const [first] = moneyViolations(conversion);
  if (first) refuseWith(first.code, first.message);
}

function refuseWith(code: MoneyProblem, detail: string): never {
  throw new PlatformProblem(422, code, detail);
}

/**
 * Creates or advances the order of a conversion, then appends its ledger
 * entries (`planLedger`). A new order is attributed line by line
 * ({@link attributeLines}); a known order keeps its attribution, its
 * currency and its lines (a callback that differs is refused with 422
 * `currency_changed` or `order_lines_changed`): only its status moves
 * (`applyStatus`; an impossible move throws `invalid_transition`) and its
 * refunds grow. `refundedAmount` is cumulative: the largest reported per line
 * is kept, so late and repeated callbacks change nothing.
 */
export async function applyConversion(store: PlatformStore, partner: Partner, conversion: Conversion, now: number): Promise<AppliedConversion> {
  let previous = await store.orderByPartnerOrderId(partner.id, conversion.orderId);
  if (!previous) {
    const placed = await newOrder(store, partner, conversion);
    // The first callbacks of an order may race (on a store without order
    // locks): one creates it, the others go on as updates of that order.
    if (await store.createOrder(placed)) {
      await bookLedger(store, placed, partner, now);
      return { order: placed, changed: true };
    }
    previous = (await store.orderByPartnerOrderId(partner.id, conversion.orderId))!;
  }
  checkSameMoney(previous, conversion);
  let order = applyStatus(previous, conversion.status, conversion.occurredAt);
  const lines = withRefunds(previous.lines, conversion, order.status);
  const refundsChanged = lines.some((line, i) => (line.refunded?.amount ?? 0) !== (previous.lines[i]!.refunded?.amount ?? 0));
  if (order === previous && !refundsChanged) return { order: previous, changed: false };
  order = { ...order, lines };
  await store.saveOrder(order);
  await bookLedger(store, order, partner, now);
  return { order, changed: true };
}

/** A later callback must describe the order it was placed as: same currency, same lines (titles aside). */
function checkSameMoney(order: Order, conversion: Conversion): void {
  if (conversion.currency !== order.total.currency) {
    refuseWith('currency_changed', `Order ${conversion.orderId} is in ${order.total.currency}; a callback cannot change it to ${conversion.currency}`);
  }
  const same =
    conversion.lines.length === order.lines.length &&
    conversion.lines.every((line, i) => {
      const known = order.lines[i]!;
      return line.sku === known.sku && line.quantity === known.quantity && line.amount === known.amount.amount;
    });
  if (!same) {
    refuseWith('order_lines_changed', `Order ${conversion.orderId}: lines (count, SKU, quantity, amount) are fixed once placed; report refunds with refundedAmount`);
  }
}

/**
 * The lines with their refunds after this callback: per line the largest
 * cumulative refund reported so far; a `refunded` callback without
 * `refundedAmount` on a line refunds that line in full.
 */
function withRefunds(lines: readonly OrderLine[], conversion: Conversion, status: Order['status']): OrderLine[] {
  return lines.map((line, i) => {
    const reported = conversion.lines[i]?.refundedAmount ?? (conversion.status === 'refunded' ? line.amount.amount : 0);
    const refunded = Math.max(line.refunded?.amount ?? 0, status === 'cancelled' ? 0 : reported);
    const { refunded: _previous, ...rest } = line;
    return refunded > 0 ? { ...rest, refunded: { amount: refunded, currency: line.amount.currency } } : rest;
  });
}

/** A new order from its first callback: attributed, with the statuses it skipped filled in. */
async function newOrder(store: PlatformStore, partner: Partner, conversion: Conversion): Promise<Order> {
  const touch = await attributeConversion(store, partner, conversion);
  const recommendations = touch ? await attributeLines(store, partner, touch, conversion.lines) : conversion.lines.map(() => undefined);
  const { currency } = conversion;
  const lines = conversion.lines.map((line, index): OrderLine => {
    const recommendationId = recommendations[index];
    return {
      ...(recommendationId !== undefined && { recommendationId }),
      ...(line.sku !== undefined && { sku: line.sku }),
      title: line.title,
      quantity: line.quantity,
      amount: { amount: line.amount, currency },
    };
  });
  const placed: Order = {
    id: randomId(16, 'ord_'),
    partnerId: partner.id,
    partnerOrderId: conversion.orderId,
    clickId: conversion.clickId ?? null,
    creatorId: touch && recommendations.some((id) => id !== undefined) ? touch.creatorId : null,
    status: 'placed',
    timeline: [{ status: 'placed', at: conversion.occurredAt }],
    lines,
    total: { amount: lines.reduce((sum, line) => sum + line.amount.amount, 0), currency },
  };
  // A first callback may report a later status: the skipped ones are filled in.
  const order = applyStatus(placed, conversion.status, conversion.occurredAt);
  return { ...order, lines: withRefunds(lines, conversion, order.status) };
}

/**
 * The touch (click) a conversion is attributed to: the click its `clickId` is
 * bound to, on this partner, inside the partner's attribution window
 * (`resolveAttribution`); `null` for no click id, an unknown or foreign
 * click, or an expired one.
 */
export async function attributeConversion(store: PlatformStore, partner: Partner, conversion: Conversion): Promise<Touch | null> {
  if (!conversion.clickId) return null;
  const touches = (await store.touchesByClickIds([conversion.clickId])).filter((touch) => touch.partnerId === partner.id);
  if (touches.length === 0) return null;
  return resolveAttribution({ touches, partner, orderAt: conversion.occurredAt });
}

/** The SKUs a recommendation's product is sold under at `partnerId`: each offer's `sku`, or the product id for an offer without one. */
export function offerSkus(card: CardPayload | undefined, partnerId: string): Set<string> {
  return new Set(card?.product.offers.filter((offer) => offer.partnerId === partnerId).map((offer) => offer.sku ?? card.product.id) ?? []);
}

/**
 * Which recommendation each line of a new order is attributed to, if any. A
 * line attributes only when its SKU is one of that recommendation's offers at
 * this partner:
 * 1. the clicked recommendation, when it sells the line's SKU here;
 * 2. otherwise the first `checkout` event of the click (arrival order) for
 *    this partner and SKU, when its recommendation sells that SKU here (a
 *    cart hand-off carries several creators' lines);
 * 3. otherwise nobody: the line earns no commission.
 */
export async function attributeLines(
  store: PlatformStore,
  partner: Pick<Partner, 'id'>,
  touch: Touch,
  lines: ReadonlyArray<{ sku?: string | undefined }>,
): Promise<Array<string | undefined>> {
  const checkouts = (await store.checkoutEvents(touch.clickId)).filter((event) => event.partnerId === partner.id && event.sku !== undefined);
  const cards = new Map(
    (await store.cards([...new Set([touch.recommendationId, ...checkouts.map((event) => event.recommendationId)])])).map((card) => [card.recommendation.id, card]),
  );
  const sells = (recommendationId: string, sku: string) => offerSkus(cards.get(recommendationId), partner.id).has(sku);
  return lines.map(({ sku }) => {
    if (sku === undefined) return undefined;
    if (sells(touch.recommendationId, sku)) return touch.recommendationId;
    return checkouts.find((event) => event.sku === sku && sells(event.recommendationId, sku))?.recommendationId;
  });
}

/**
 * Appends the ledger entries an order change calls for (`planLedger`): each
 * attributed line earns its recommendation's creator (one creator per line,
 * single level); entries already booked are never edited. Returns the
 * entries appended.
 */
export async function bookLedger(store: PlatformStore, order: Order, partner: Pick<Partner, 'id' | 'commissionRateBps'>, now: number): Promise<LedgerEntry[]> {
  const attributed = [...new Set(order.lines.flatMap((line) => line.recommendationId ?? []))];
  const owners = new Map((await store.cards(attributed)).map((card) => [card.recommendation.id, card.recommendation.creatorId]));
  const entries = planLedger({
    orderId: order.id,
    partner,
    status: order.status,
    at: new Date(now).toISOString(),
    existing: await store.ledgerForOrder(order.id),
    lines: order.lines.map((line) => ({
      amount: line.amount,
      creatorId: (line.recommendationId !== undefined && owners.get(line.recommendationId)) || null,
      recommendationId: line.recommendationId ?? null,
      refunded: line.refunded,
    })),
  });
  await store.appendLedger(entries);
  return entries;
}
