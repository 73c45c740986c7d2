import * as z from 'zod/mini';
import { Id, Timestamp } from './common.js';
import { Money } from './money.js';

/**
 * Commission lifecycle: pending (order placed/paid) → approved (delivered) → paid
 * (settled to the creator), or reversed (cancelled/refunded before payout). A
 * refund after payout is a new negative adjustment, never an edit of a paid record.
 */
export const COMMISSION_STATES = ['pending', 'approved', 'paid', 'reversed'] as const;
export const CommissionState = z.enum(COMMISSION_STATES);
export type CommissionState = z.infer<typeof CommissionState>;

/**
 * A commission record: one creator per order line, single level. There is no
 * field for a referrer or an upline, by design.
 */
export const Commission = z.object({
  id: Id,
  orderId: Id,
  lineIndex: z.int().check(z.gte(0)),
  creatorId: Id,
  recommendationId: z.nullable(Id),
  partnerId: Id,
  /** The line amount commission is computed from. */
  base: Money,
  rateBps: z.int().check(z.gte(0), z.lte(10_000)),
  /** Commission amount; negative for an adjustment that claws back paid commission. */
  amount: Money,
  state: CommissionState,
  createdAt: Timestamp,
});
export type Commission = z.infer<typeof Commission>;
