import * as z from 'zod/mini';
import { FilterReason, MAX_PAGE_LENGTH } from './attribution.js';
import { Id, int, Timestamp, upTo } from './common.js';
import { Money } from './money.js';

const count = int(0);

/** Aggregates for one recommendation. Money totals are per currency. */
export const RecommendationStats = z.object({
  recommendationId: Id,
  title: z.string(),
  /** Viewable impressions: the card was at least 50 % visible for at least 1 s. */
  impressions: count,
  clicks: count,
  orders: count,
  gmv: z.array(Money),
  /** Commission not yet approved (orders not yet delivered): provisional. */
  commissionPending: z.array(Money),
  /** Commission approved, paid out or not (net of reversals and adjustments). */
  commissionApproved: z.array(Money),
  /** The part of `commissionApproved` already paid out. Absent from platforms older than the ledger. */
  commissionPaid: z.optional(z.array(Money)),
  /** Commission taken back: reversals before payout and negative adjustments after (as positive amounts). Absent from older platforms. */
  commissionReversed: z.optional(z.array(Money)),
});
export type RecommendationStats = z.infer<typeof RecommendationStats>;

/** How a stats series is cut: per minute (ranges of up to a day, recent only), per hour, or per day in the range's time zone. */
export const STATS_BUCKETS = ['minute', 'hour', 'day'] as const;
export const StatsBucket = z.enum(STATS_BUCKETS);
export type StatsBucket = z.infer<typeof StatsBucket>;

/** The range a stats answer covers: `[from, to)`, cut in `bucket`s, days starting at midnight in `timeZone` (IANA). */
export const StatsRange = z.object({
  from: Timestamp,
  to: Timestamp,
  bucket: StatsBucket,
  timeZone: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type StatsRange = z.infer<typeof StatsRange>;

/**
 * The range a caller asks `GET /v1/creators/{id}/stats` for (see `creators.stats({ range })`):
 * `from` before `to` (ISO 8601 with an offset), a `bucket`, and the IANA `timeZone`
 * (default `UTC`) where days start. The platform allows a day by the minute (the
 * last two days only), 31 days by the hour and 400 by the day ({@link MAX_STATS_RANGE_DAYS}).
 */
export const StatsRangeQuery = z.object({
  from: Timestamp,
  to: Timestamp,
  bucket: StatsBucket,
  /** An IANA time zone name such as `Asia/Shanghai` (the platform checks that it knows it). */
  timeZone: z.optional(upTo(64)),
});
export type StatsRangeQuery = z.infer<typeof StatsRangeQuery>;

/** Longest range per bucket the platform answers, in days (`MAX_STATS_RANGE_MS` of the platform). */
export const MAX_STATS_RANGE_DAYS = { minute: 1, hour: 31, day: 400 } as const satisfies Record<StatsBucket, number>;

/** The traffic and money a series bucket or a placement row counts. */
const traffic = {
  impressions: count,
  clicks: count,
  /** Orders placed (counted per recommendation, like the per-recommendation rows). */
  orders: count,
  gmv: z.array(Money),
  /** Commission booked, pending and approved, net of reversals (per currency). */
  commission: z.array(Money),
};

/** One bucket of the series: what happened from `start` to the next bucket's start. */
export const StatsPoint = z.object({
  start: Timestamp,
  ...traffic,
});
export type StatsPoint = z.infer<typeof StatsPoint>;

/**
 * Where the numbers came from: the page (origin + path, query stripped; `''`
 * when the event did not say) and the card's `placement` attribute (`''` when unset).
 */
export const PlacementStats = z.object({
  page: z.string().check(z.maxLength(MAX_PAGE_LENGTH)),
  placement: z.string().check(z.maxLength(64)),
  ...traffic,
});
export type PlacementStats = z.infer<typeof PlacementStats>;

/** Invalid traffic kept out of the numbers in the range: the total, and per reason (reasons with none left out). */
export const FilteredStats = z.object({
  total: count,
  byReason: z.partialRecord(FilterReason, count),
});
export type FilteredStats = z.infer<typeof FilteredStats>;

/**
 * `GET /v1/creators/{id}/stats`. Without range parameters: all time, and only
 * `recommendations` (older platforms answer only that). With `from`/`to`/`bucket`/`tz`:
 * the range, its series, the per-placement breakdown and what was filtered.
 */
export const CreatorStats = z.object({
  creatorId: Id,
  generatedAt: Timestamp,
  recommendations: z.array(RecommendationStats),
  range: z.optional(StatsRange),
  series: z.optional(z.array(StatsPoint)),
  placements: z.optional(z.array(PlacementStats)),
  filtered: z.optional(FilteredStats),
});
export type CreatorStats = z.infer<typeof CreatorStats>;
