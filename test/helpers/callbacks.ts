/**
 * Callback plans for the money-path suites (fault injection, kill -9,
 * concurrency, properties): for each order, the conversion callbacks a partner
 * sends, in order, each with a stable `webhook-id` (retries repeat it).
 */
import type { Conversion } from '../../src/model/conversion.js';
import type { Order } from '../../src/model/order.js';
import type { LedgerEntry } from '../../src/model/commission.js';
import type { Catalog } from '../../src/platform/catalog.js';
import { signHeaders } from 'vitrine/server';

/** One callback of a plan. */
export interface PlannedCallback {
  webhookId: string;
  conversion: Conversion;
}

/** What a plan sells: a partner, one of its SKUs, and the recommendation (and creator) whose click brings the order. */
export interface PlanTarget {
  partnerId: string;
  secret: string;
  sku: string;
  amount: number;
  currency: string;
  recommendationId: string;
  creatorId: string;
}

/** The first recommendation of the catalog whose product has an offer with a SKU: what the plans buy. */
export function planTarget(catalog: Catalog): PlanTarget {
  for (const rec of catalog.recommendations) {
    const product = catalog.products.find((p) => p.id === rec.productId);
    const offer = product?.offers.find((o) => o.sku !== undefined);
    const partner = offer && catalog.partners.find((p) => p.id === offer.partnerId);
    if (offer && partner) {
      return { partnerId: partner.id, secret: partner.webhookSecret, sku: offer.sku!, amount: offer.price.amount, currency: offer.price.currency, recommendationId: rec.id, creatorId: rec.creatorId };
    }
  }
  throw new Error('the catalog has no offer with a SKU');
}

/** A 22-character click id for order `n` of a run. */
export const planClickId = (run: string, n: number) => `${run}${String(n).padStart(22 - run.length, '0')}`.slice(0, 22);

/** The click events of orders 0 … count-1 of a run on the target (event ids and click ids unique per run). */
export function planClicks(target: PlanTarget, run: string, count: number, at: string) {
  return Array.from({ length: count }, (_, n) => ({
    id: `evt-${run}-click-${String(n).padStart(8, '0')}`,
    type: 'click',
    at,
    recommendationId: target.recommendationId,
    creatorId: target.creatorId,
    partnerId: target.partnerId,
    clickId: planClickId(run, n),
  }));
}

/**
 * The callbacks of order `n`: two lines (the target SKU, attributed, and an
 * unattributed extra), then one of three endings by `n % 3`: delivered then
 * cumulative partial refunds (30 %, then 60 %) and a full refund; delivered
 * then one partial refund; or cancelled after payment.
 */
export function orderPlan(target: PlanTarget, run: string, n: number, at: string): PlannedCallback[] {
  const orderId = `${run}-${n}`;
  const lines = (refunded?: [number, number]) => [
    { sku: target.sku, title: 'Planned item', quantity: 1, amount: target.amount, ...(refunded && { refundedAmount: refunded[0] }) },
    { sku: 'PLAN-EXTRA', title: 'Gift wrap', quantity: 1, amount: 500, ...(refunded && { refundedAmount: refunded[1] }) },
  ];
  const step = (status: Conversion['status'], refunded?: [number, number]): Conversion => ({
    type: 'order.status',
    orderId,
    status,
    clickId: planClickId(run, n),
    occurredAt: at,
    currency: target.currency,
    lines: lines(refunded),
  });
  const third = (share: number) => Math.floor(target.amount * share);
  const statuses: Conversion[] =
    n % 3 === 0
      ? [step('placed'), step('paid'), step('delivered'), step('refunded', [third(0.3), 0]), step('refunded', [third(0.6), 0]), step('refunded', [target.amount, 500])]
      : n % 3 === 1
        ? [step('placed'), step('paid'), step('shipped'), step('delivered'), step('refunded', [third(0.5), 0])]
        : [step('placed'), step('paid'), step('cancelled')];
  return statuses.map((conversion, i) => ({ webhookId: `msg_${orderId}_${i}`, conversion }));
}

/** A ledger entry without what differs between two runs (ids, booking times, the order's random id). */
export function comparable(entry: LedgerEntry): [number | null, string, string, number, string, string | null] {
  return [entry.lineIndex, entry.kind, entry.balance, entry.amount.amount, entry.creatorId, entry.recommendationId];
}

/** An order's state as far as money goes: status and refunds per line. */
export function moneyState(order: Order): { status: string; refunded: number[] } {
  return { status: order.status, refunded: order.lines.map((line) => line.refunded?.amount ?? 0) };
}

/** A planned callback as the partner's server sends it: the JSON body and its Standard Webhooks signature headers. */
export async function signedCallback(callback: PlannedCallback, secret: string): Promise<{ body: string; headers: Record<string, string> }> {
  const body = JSON.stringify(callback.conversion);
  const headers = await signHeaders({ body, secret, id: callback.webhookId });
  return { body, headers: { ...headers, 'content-type': 'application/json' } };
}

/** Sends `callback` to the platform at `base` as the target's partner; throws unless it is acknowledged (200). */
export async function postConversion(base: string, target: PlanTarget, callback: PlannedCallback): Promise<void> {
  const response = await fetch(`${base}/v1/partner/conversions?partner=${target.partnerId}`, { method: 'POST', ...(await signedCallback(callback, target.secret)) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`conversion callback ${callback.webhookId} answered ${response.status}: ${text}`);
}

/** One single-line order on the target's SKU reaching `status` (default `placed`), for the latency benches and tests; webhook id `msg_{orderId}_{status}`. */
export function singleLineOrder(target: PlanTarget, orderId: string, clickId: string, status: Conversion['status'] = 'placed'): PlannedCallback {
  return {
    webhookId: `msg_${orderId}_${status}`,
    conversion: {
      type: 'order.status',
      orderId,
      status,
      clickId,
      occurredAt: new Date().toISOString(),
      currency: target.currency,
      lines: [{ sku: target.sku, title: 'Bench item', quantity: 1, amount: target.amount }],
    },
  };
}
