/**
 * Creator stats, written once for every store: a store reads *facts* scoped to
 * one creator (with whatever queries suit it: a scan in memory, `group by` in
 * SQL, rollups later) and {@link aggregateCreatorStats} applies the rules of
 * `PlatformStore.creatorStats` to them.
 */
import type { EventType } from '../../model/attribution.js';
import type { LedgerBalance, LedgerEntryKind } from '../../model/commission.js';
import type { Money } from '../../model/money.js';
import type { OrderStatus } from '../../model/order.js';
import type { RecommendationStats } from '../../model/stats.js';

/**
 * What creator stats are computed from. Rows may be pre-grouped (counts and
 * amounts add up) and may include rows of other creators' recommendations,
 * which are ignored.
 */
export interface StatsFacts {
  /** The creator's recommendations in the order of the result (newest first), with their product's title. */
  recommendations: ReadonlyArray<{ id: string; title: string }>;
  /** Stored events: how many of `type` for the recommendation. */
  events: ReadonlyArray<{ recommendationId: string; type: EventType; count: number }>;
  /** Order lines attributed to a recommendation, with their order's id and status, and the amount refunded on the line so far. */
  orderLines: ReadonlyArray<{
    recommendationId: string;
    orderId: string;
    orderStatus: OrderStatus;
    amount: Money;
    refunded?: Money | undefined;
  }>;
  /** Ledger entries (or sums of them) by recommendation, recipient, balance, kind and whether a payout settled them. */
  ledger: ReadonlyArray<{ recommendationId: string | null; creatorId: string; balance: LedgerBalance; kind: LedgerEntryKind; settled: boolean; amount: Money }>;
}

/** Per-currency totals of minor units. */
class Totals {
  readonly #byCurrency = new Map<string, number>();

  add(money: Money): void {
    this.#byCurrency.set(money.currency, (this.#byCurrency.get(money.currency) ?? 0) + money.amount);
  }

  /** One entry per currency, sorted by code; zero totals left out. */
  toMoney(): Money[] {
    return [...this.#byCurrency]
      .filter(([, amount]) => amount !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, amount]) => ({ amount, currency }));
  }
}

/**
 * The stats of `creatorId`'s recommendations from `facts`, one entry per
 * recommendation in `facts.recommendations` order:
 * - `impressions`, `clicks`: the events of that type;
 * - `orders`: the orders, not cancelled, with a line attributed to the
 *   recommendation whose amount net of refunds is above zero; `gmv`: the sum of
 *   those net amounts;
 * - `commissionPending`: `creatorId`'s ledger entries in the `pending` balance;
 * - `commissionApproved`: its `approved` entries except payouts, paid or not
 *   (reversals and adjustments included); `commissionPaid`: those settled by a payout;
 * - `commissionReversed`: minus the sum of its `reversal` and `adjustment` entries.
 */
export function aggregateCreatorStats(creatorId: string, facts: StatsFacts): RecommendationStats[] {
  const stats = new Map(
    facts.recommendations.map((rec) => [
      rec.id,
      { title: rec.title, impressions: 0, clicks: 0, orders: new Set<string>(), gmv: new Totals(), pending: new Totals(), approved: new Totals(), paid: new Totals(), reversed: new Totals() },
    ]),
  );
  for (const row of facts.events) {
    const entry = stats.get(row.recommendationId);
    if (entry && row.type === 'impression') entry.impressions += row.count;
    if (entry && row.type === 'click') entry.clicks += row.count;
  }
  for (const line of facts.orderLines) {
    const entry = stats.get(line.recommendationId);
    const net = line.amount.amount - (line.refunded?.amount ?? 0);
    if (!entry || line.orderStatus === 'cancelled' || net <= 0) continue;
    entry.orders.add(line.orderId);
    entry.gmv.add({ amount: net, currency: line.amount.currency });
  }
  for (const row of facts.ledger) {
    const entry = row.recommendationId === null ? undefined : stats.get(row.recommendationId);
    if (!entry || row.creatorId !== creatorId || row.kind === 'payout') continue;
    if (row.balance === 'pending') entry.pending.add(row.amount);
    if (row.balance === 'approved') entry.approved.add(row.amount);
    if (row.balance === 'approved' && row.settled) entry.paid.add(row.amount);
    if (row.kind === 'reversal' || row.kind === 'adjustment') entry.reversed.add({ amount: -row.amount.amount, currency: row.amount.currency });
  }
  return [...stats].map(([recommendationId, entry]) => ({
    recommendationId,
    title: entry.title,
    impressions: entry.impressions,
    clicks: entry.clicks,
    orders: entry.orders.size,
    gmv: entry.gmv.toMoney(),
    commissionPending: entry.pending.toMoney(),
    commissionApproved: entry.approved.toMoney(),
    commissionPaid: entry.paid.toMoney(),
    commissionReversed: entry.reversed.toMoney(),
  }));
}
