/**
 * Creator stats, written once for every store. The numbers come from
 * rollups: rows a store keeps up to date in the same unit of work as the
 * writes they count (events, orders, ledger entries, payouts), with whatever
 * storage suits it (maps in memory, tables in SQL). This module says what each
 * write adds to them ({@link orderContribution}, {@link ledgerContribution})
 * and turns rollup rows into the report ({@link buildStatsReport}): a store
 * reads rows, never raw events, and applies no rule of its own.
 */
import type { FilterReason } from '../../model/attribution.js';
import type { LedgerEntry } from '../../model/commission.js';
import type { Money } from '../../model/money.js';
import type { Order } from '../../model/order.js';
import type { FilteredStats, PlacementStats, RecommendationStats, StatsPoint } from '../../model/stats.js';
import { bucketStart, bucketStarts } from './buckets.js';
import type { StatsQuery, StatsReport } from './store.js';

/** Traffic of one recommendation at one place in one bucket (rows may repeat a key: they add up). */
export interface TrafficRow {
  recommendationId: string;
  /** Start of the row's bucket in ms (a minute or an hour as stored; any value for all-time reads). */
  bucket: number;
  page: string;
  placement: string;
  impressions: number;
  clicks: number;
}

/** Sales and commission of one recommendation at one place (the click's page and placement) in one bucket, in one currency. */
export interface SalesRow {
  recommendationId: string;
  bucket: number;
  page: string;
  placement: string;
  currency: string;
  /** Orders placed, not cancelled, with a line of the recommendation whose amount net of refunds is above zero. */
  orders: number;
  /** The sum of those lines' net amounts (minor units). */
  gmv: number;
  /** The creator's ledger entries in the `pending` balance. */
  pending: number;
  /** Its `approved` entries except payouts (reversals and adjustments included). */
  approved: number;
  /** Those of them settled by a payout. */
  paid: number;
  /** Minus its `reversal` and `adjustment` entries. */
  reversed: number;
}

/** Filtered events in one bucket, for one reason. */
export interface FilteredRow {
  bucket: number;
  reason: FilterReason;
  count: number;
}

/** What a store reads for a report: the creator's recommendations (newest first, with titles) and the rollup rows of the range. */
export interface StatsFacts {
  recommendations: ReadonlyArray<{ id: string; title: string }>;
  traffic: readonly TrafficRow[];
  sales: readonly SalesRow[];
  filtered: readonly FilteredRow[];
}

/** What one order, as it now stands, adds to the sales rollups: per recommendation, `orders` (0 or 1) and `gmv` in the order's currency. */
export function orderContribution(order: Order): Map<string, { orders: number; gmv: number }> {
  const byRecommendation = new Map<string, { orders: number; gmv: number }>();
  if (order.status === 'cancelled') return byRecommendation;
  for (const line of order.lines) {
    const net = line.amount.amount - (line.refunded?.amount ?? 0);
    if (line.recommendationId === undefined || net <= 0) continue;
    const entry = byRecommendation.get(line.recommendationId) ?? { orders: 1, gmv: 0 };
    entry.gmv += net;
    byRecommendation.set(line.recommendationId, entry);
  }
  return byRecommendation;
}

/**
 * What saving `next` over `previous` (`null`: a new order) changes in the
 * sales rollups, per recommendation: `contribution(next) − contribution(previous)`;
 * unchanged recommendations are left out.
 */
export function orderDelta(previous: Order | null, next: Order): Array<{ recommendationId: string; orders: number; gmv: number }> {
  const before = previous ? orderContribution(previous) : new Map<string, { orders: number; gmv: number }>();
  const after = orderContribution(next);
  const ids = new Set([...before.keys(), ...after.keys()]);
  return [...ids].flatMap((recommendationId) => {
    const orders = (after.get(recommendationId)?.orders ?? 0) - (before.get(recommendationId)?.orders ?? 0);
    const gmv = (after.get(recommendationId)?.gmv ?? 0) - (before.get(recommendationId)?.gmv ?? 0);
    return orders === 0 && gmv === 0 ? [] : [{ recommendationId, orders, gmv }];
  });
}

/** What one ledger entry adds to its recommendation's commission rollups when booked (payouts and entries without a recommendation add nothing). */
export function ledgerContribution(entry: LedgerEntry): { pending: number; approved: number; reversed: number } | null {
  if (entry.kind === 'payout' || entry.recommendationId === null) return null;
  const amount = entry.amount.amount;
  return {
    pending: entry.balance === 'pending' ? amount : 0,
    approved: entry.balance === 'approved' ? amount : 0,
    reversed: entry.kind === 'reversal' || entry.kind === 'adjustment' ? -amount : 0,
  };
}

/** Per-currency totals of minor units. */
class Totals {
  readonly #byCurrency = new Map<string, number>();

  add(currency: string, amount: number): void {
    if (amount !== 0) this.#byCurrency.set(currency, (this.#byCurrency.get(currency) ?? 0) + amount);
  }

  /** One entry per currency, sorted by code; zero totals left out. */
  toMoney(): Money[] {
    return [...this.#byCurrency]
      .filter(([, amount]) => amount !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, amount]) => ({ amount, currency }));
  }
}

interface Tally {
  impressions: number;
  clicks: number;
  orders: number;
  gmv: Totals;
  pending: Totals;
  approved: Totals;
  paid: Totals;
  reversed: Totals;
}

const tally = (): Tally => ({ impressions: 0, clicks: 0, orders: 0, gmv: new Totals(), pending: new Totals(), approved: new Totals(), paid: new Totals(), reversed: new Totals() });

function addTraffic(target: Tally, row: TrafficRow): void {
  target.impressions += row.impressions;
  target.clicks += row.clicks;
}

function addSales(target: Tally, row: SalesRow): void {
  target.orders += row.orders;
  target.gmv.add(row.currency, row.gmv);
  target.pending.add(row.currency, row.pending);
  target.approved.add(row.currency, row.approved);
  target.paid.add(row.currency, row.paid);
  target.reversed.add(row.currency, row.reversed);
}

/** Commission earned: pending and approved together (reversals included). */
function commission(entry: Tally): Money[] {
  const sum = new Totals();
  for (const money of [...entry.pending.toMoney(), ...entry.approved.toMoney()]) sum.add(money.currency, money.amount);
  return sum.toMoney();
}

/** Most placements a report lists (the busiest first). */
export const MAX_PLACEMENTS = 200;

/**
 * The report of `query` from rollup rows: one `recommendations` entry per
 * recommendation of `facts.recommendations` (in that order); the `series`
 * (every bucket of the range, empty ones included, when `query.bucket` and
 * both ends are set; rows are put in the bucket holding their own `bucket`
 * time; sales rows, kept by the hour, feed hour and day series only);
 * `placements`, busiest first (impressions, then clicks), at most
 * {@link MAX_PLACEMENTS}; `filtered`, per reason. Rows of recommendations not
 * in `facts.recommendations` are ignored. Stores select rows in the range;
 * this function does not filter by time.
 */
export function buildStatsReport(query: StatsQuery, facts: StatsFacts): StatsReport {
  const mine = new Map(facts.recommendations.map((rec) => [rec.id, tally()]));
  const places = new Map<string, { page: string; placement: string; tally: Tally }>();
  const series = new Map<number, Tally>();
  const withSeries = query.bucket !== null && query.from !== null && query.to !== null;
  if (withSeries) for (const start of bucketStarts(query.from!, query.to!, query.bucket!, query.timeZone)) series.set(start, tally());
  const place = (page: string, placement: string) => {
    const key = `${page}\n${placement}`;
    let found = places.get(key);
    if (!found) places.set(key, (found = { page, placement, tally: tally() }));
    return found.tally;
  };
  const point = (bucket: number) => (withSeries ? series.get(bucketStart(bucket, query.bucket!, query.timeZone)) : undefined);

  for (const row of facts.traffic) {
    const entry = mine.get(row.recommendationId);
    if (!entry) continue;
    addTraffic(entry, row);
    addTraffic(place(row.page, row.placement), row);
    const bucket = point(row.bucket);
    if (bucket) addTraffic(bucket, row);
  }
  for (const row of facts.sales) {
    const entry = mine.get(row.recommendationId);
    if (!entry) continue;
    addSales(entry, row);
    addSales(place(row.page, row.placement), row);
    // Sales roll up by the hour: a minute series carries traffic only.
    const bucket = query.bucket === 'minute' ? undefined : point(row.bucket);
    if (bucket) addSales(bucket, row);
  }
  const byReason: FilteredStats['byReason'] = {};
  let total = 0;
  for (const row of facts.filtered) {
    if (row.count === 0) continue;
    byReason[row.reason] = (byReason[row.reason] ?? 0) + row.count;
    total += row.count;
  }

  const recommendations: RecommendationStats[] = facts.recommendations.map(({ id, title }) => {
    const entry = mine.get(id)!;
    return {
      recommendationId: id,
      title,
      impressions: entry.impressions,
      clicks: entry.clicks,
      orders: entry.orders,
      gmv: entry.gmv.toMoney(),
      commissionPending: entry.pending.toMoney(),
      commissionApproved: entry.approved.toMoney(),
      commissionPaid: entry.paid.toMoney(),
      commissionReversed: entry.reversed.toMoney(),
    };
  });
  const points: StatsPoint[] = [...series].map(([start, entry]) => ({
    start: new Date(start).toISOString(),
    impressions: entry.impressions,
    clicks: entry.clicks,
    orders: entry.orders,
    gmv: entry.gmv.toMoney(),
    commission: commission(entry),
  }));
  const placements: PlacementStats[] = [...places.values()]
    .filter(({ tally: t }) => t.impressions + t.clicks + t.orders > 0 || commission(t).length > 0)
    .sort((a, b) => b.tally.impressions - a.tally.impressions || b.tally.clicks - a.tally.clicks || (a.page + a.placement < b.page + b.placement ? -1 : 1))
    .slice(0, MAX_PLACEMENTS)
    .map(({ page, placement, tally: t }) => ({ page, placement, impressions: t.impressions, clicks: t.clicks, orders: t.orders, gmv: t.gmv.toMoney(), commission: commission(t) }));
  return { recommendations, series: points, placements, filtered: { total, byReason } };
}

/** All time, no series: what `creatorStats` answers. */
export const ALL_TIME: StatsQuery = { from: null, to: null, bucket: null, timeZone: 'UTC' };
