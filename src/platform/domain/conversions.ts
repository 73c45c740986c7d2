/**
 * Domain steps of a partner conversion callback, after its signature was
 * verified: record it (receipt, order, commission, outbox message), attribute
 * it to a click, update the commission. Plain functions of (store, input,
 * now): call them inside `store.transaction` to commit a callback as a whole.
 */
import type { AttributionEvent, Touch } from '../../model/attribution.js';
import type { Commission } from '../../model/commission.js';
import type { Conversion } from '../../model/conversion.js';
import type { Order, OrderLine } from '../../model/order.js';
import type { Partner } from '../../model/partner.js';
import { resolveAttribution } from '../../server/attribution.js';
import { planCommissions } from '../../server/commission.js';
import { applyStatus } from '../../server/orders.js';
import { randomId } from '../../internal/ids.js';
import { enqueueOrderUpdated } from '../outbox.js';
import type { PlatformStore } from '../store/store.js';

/** Input of {@link recordConversion}: a verified, validated callback of `partner`. */
export interface ConversionInput {
  partner: Partner;
  /** The callback's `webhook-id`: a redelivery of it is a duplicate. */
  webhookId: string;
  conversion: Conversion;
}

/** What {@link recordConversion} did: nothing for a duplicate, else the order as now recorded. */
export type RecordedConversion = { duplicate: true } | { duplicate: false; order: Order };

/**
 * Records one conversion callback: claims its receipt (a redelivered
 * `webhook-id`, or a status of this order recorded before, is a duplicate and
 * changes nothing), creates or advances the order with its attribution and
 * commission ({@link applyConversion}), and enqueues `order.updated` for the
 * partner. When a step fails the receipt is released, so the partner's retry
 * is processed again rather than answered as a duplicate.
 */
export async function recordConversion(store: PlatformStore, input: ConversionInput, now: number): Promise<RecordedConversion> {
  const { partner, webhookId, conversion } = input;
  const receipt = { partnerId: partner.id, webhookId, partnerOrderId: conversion.orderId, status: conversion.status };
  if (!(await store.claimConversion(receipt))) return { duplicate: true };
  try {
    const order = await applyConversion(store, partner, conversion);
    // Tells the partner what was recorded (attribution, commission), through the outbox.
    await enqueueOrderUpdated(store, order, now);
    return { duplicate: false, order };
  } catch (error) {
    // Inside a failed database transaction this statement fails too (the
    // rollback releases the receipt anyway): the step's own error is the one to report.
    await store.releaseConversion(receipt).catch(() => {});
    throw error;
  }
}

/**
 * Creates or advances the order of a conversion, then its commission records.
 * A new order is attributed ({@link attributeConversion}) line by line; a known
 * order keeps the attribution settled when it was first seen. A status the
 * order already went through changes nothing; an impossible move throws
 * `invalid_transition`. Each callback describes the whole order: its lines
 * replace the stored ones. Returns the order as saved.
 */
export async function applyConversion(store: PlatformStore, partner: Partner, conversion: Conversion): Promise<Order> {
  const previous = await store.orderByPartnerOrderId(partner.id, conversion.orderId);
  let order: Order;
  if (previous) {
    order = applyStatus(previous, conversion.status, conversion.occurredAt);
    // A status the order already went through (a late or repeated callback) changes nothing.
    if (order === previous) return order;
    order.lines = orderLines(conversion, order.status, keptAttribution(previous));
  } else {
    const touch = await attributeConversion(store, partner, conversion);
    const checkouts = touch ? await store.checkoutEvents(touch.clickId) : [];
    const placed: Order = {
      id: randomId(16, 'ord_'),
      partnerId: partner.id,
      partnerOrderId: conversion.orderId,
      clickId: conversion.clickId ?? null,
      creatorId: touch?.creatorId ?? null,
      status: 'placed',
      timeline: [{ status: 'placed', at: conversion.occurredAt }],
      lines: [],
      total: { amount: 0, currency: conversion.currency },
    };
    // A first callback may report a later status: the skipped ones are filled in.
    order = applyStatus(placed, conversion.status, conversion.occurredAt);
    order.lines = orderLines(conversion, order.status, newAttribution(partner, touch, checkouts));
  }
  order.total = { amount: order.lines.reduce((sum, line) => sum + line.amount.amount, 0), currency: conversion.currency };
  await store.saveOrder(order);
  await updateCommissions(store, { order, partner, at: conversion.occurredAt });
  return order;
}

/**
 * The touch (click) a conversion is attributed to: a click of its `clickId` on
 * this partner, inside the partner's attribution window (`resolveAttribution`);
 * `null` for no click id, an unknown or foreign click, or an expired one.
 */
export async function attributeConversion(store: PlatformStore, partner: Partner, conversion: Conversion): Promise<Touch | null> {
  if (!conversion.clickId) return null;
  const touches = (await store.touchesByClickIds([conversion.clickId])).filter((touch) => touch.partnerId === partner.id);
  if (touches.length === 0) return null;
  return resolveAttribution({ touches, partner, orderAt: conversion.occurredAt });
}

/** Input of {@link updateCommissions}. */
export interface CommissionUpdate {
  /** The order after the change, lines attributed. */
  order: Order;
  partner: Pick<Partner, 'id' | 'commissionRateBps'>;
  /** When the change happened (ISO 8601). */
  at: string;
}

/**
 * Replans and saves the commission records of an order after a change
 * (`planCommissions`): each attributed line earns its recommendation's
 * creator (one creator per line, single level); records already paid are
 * never edited. Returns the records as saved.
 */
export async function updateCommissions(store: PlatformStore, { order, partner, at }: CommissionUpdate): Promise<Commission[]> {
  const attributed = [...new Set(order.lines.flatMap((line) => line.recommendationId ?? []))];
  const owners = new Map((await store.cards(attributed)).map((card) => [card.recommendation.id, card.recommendation.creatorId]));
  const commissions = planCommissions({
    orderId: order.id,
    partner,
    status: order.status,
    at,
    existing: await store.commissionsForOrder(order.id),
    lines: order.lines.map((line) => ({
      amount: line.amount,
      creatorId: (line.recommendationId !== undefined && owners.get(line.recommendationId)) || null,
      recommendationId: line.recommendationId ?? null,
      refunded: line.refunded,
    })),
  });
  await store.saveCommissions(order.id, commissions);
  return commissions;
}

/** Which recommendation a callback's line `index` with `sku` is attributed to, if any. */
type LineAttribution = (index: number, sku: string | undefined) => string | undefined;

/** A known order's lines keep their attribution: same position and SKU, else the first line with that SKU. */
function keptAttribution(previous: Order): LineAttribution {
  return (index, sku) => {
    const line = previous.lines[index]?.sku === sku ? previous.lines[index] : previous.lines.find((l) => l.sku !== undefined && l.sku === sku);
    return line?.recommendationId;
  };
}

/**
 * A new order's lines: a line whose SKU was checked out with the click (the
 * latest such checkout event for this partner) goes to that event's
 * recommendation, any other line to the clicked recommendation.
 */
function newAttribution(partner: Partner, touch: Touch | null, checkouts: readonly AttributionEvent[]): LineAttribution {
  return (_index, sku) => {
    if (!touch) return undefined;
    const event = sku === undefined ? undefined : checkouts.findLast((e) => e.sku === sku && (e.partnerId ?? partner.id) === partner.id);
    return (event ?? touch).recommendationId;
  };
}

/** The order lines a callback describes, attributed, with refunds on a `refunded` order. */
function orderLines(conversion: Conversion, status: Order['status'], recommendationFor: LineAttribution): OrderLine[] {
  const { currency } = conversion;
  return conversion.lines.map((line, index): OrderLine => {
    const recommendationId = recommendationFor(index, line.sku);
    return {
      ...(recommendationId !== undefined && { recommendationId }),
      ...(line.sku !== undefined && { sku: line.sku }),
      title: line.title,
      quantity: line.quantity,
      amount: { amount: line.amount, currency },
      ...(status === 'refunded' && { refunded: { amount: line.refundedAmount ?? line.amount, currency } }),
    };
  });
}
