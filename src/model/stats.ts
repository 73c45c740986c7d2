import * as z from 'zod/mini';
import { Id, int, Timestamp } from './common.js';
import { Money } from './money.js';

const count = int(0);

/** Aggregates for one recommendation. Money totals are per currency. */
export const RecommendationStats = z.object({
  recommendationId: Id,
  title: z.string(),
  impressions: count,
  clicks: count,
  orders: count,
  gmv: z.array(Money),
  /** Commission not yet approved (orders not yet delivered). */
  commissionPending: z.array(Money),
  /** Commission approved, paid out or not (net of reversals and adjustments). */
  commissionApproved: z.array(Money),
  /** The part of `commissionApproved` already paid out. Absent from platforms older than the ledger. */
  commissionPaid: z.optional(z.array(Money)),
  /** Commission taken back: reversals before payout and negative adjustments after (as positive amounts). Absent from older platforms. */
  commissionReversed: z.optional(z.array(Money)),
});
export type RecommendationStats = z.infer<typeof RecommendationStats>;

/** `GET /v1/creators/{id}/stats`. */
export const CreatorStats = z.object({
  creatorId: Id,
  generatedAt: Timestamp,
  recommendations: z.array(RecommendationStats),
});
export type CreatorStats = z.infer<typeof CreatorStats>;
