import * as z from 'zod/mini';
import { Id, int, oneOf, Timestamp } from './common.js';
import { Money } from './money.js';

/**
 * Commission lifecycle of an order line: pending (order placed/paid/shipped) →
 * approved (delivered, or final after a partial refund) → paid (settled to the
 * creator by a payout), or reversed (cancelled/refunded before payout). A
 * refund after payout is a negative `adjustment` entry in the ledger, never an
 * edit of a paid entry.
 */
export const COMMISSION_STATES = ['pending', 'approved', 'paid', 'reversed'] as const;
export const CommissionState = oneOf(COMMISSION_STATES);
export type CommissionState = z.infer<typeof CommissionState>;

/**
 * What an order line's commission comes to, summed from its ledger entries
 * (`summarizeCommissions` in `vitrine/server`): one creator per order line,
 * single level. There is no field for a referrer or an upline, by design.
 * `state` is `reversed` when nothing is left, `pending` while anything is
 * pending, `paid` once every approved entry was settled, else `approved`.
 */
export const Commission = z.object({
  id: Id,
  orderId: Id,
  lineIndex: int(0),
  creatorId: Id,
  recommendationId: z.nullable(Id),
  partnerId: Id,
  /** The line amount commission is computed from. */
  base: Money,
  rateBps: int(0, 10_000),
  /** What the creator keeps of this line: the sum of its ledger entries (negative only after a clawback of paid commission). */
  amount: Money,
  state: CommissionState,
  /** When the line's first entry was booked. */
  createdAt: Timestamp,
});
export type Commission = z.infer<typeof Commission>;

/**
 * Kinds of ledger entries:
 * - `accrual`: commission earned on an attributed order line (+, `pending`, or `approved` when the order is already final);
 * - `approval`: the pair that moves a line's pending balance to approved when the order is delivered (− pending, + approved);
 * - `reversal`: commission taken back before it was paid out (cancellation, refund) (−);
 * - `adjustment`: a correction after payout, e.g. a refund of a line already paid (− approved, netted at the next payout);
 * - `payout`: money sent to the creator (− approved, the sum of the entries it settled).
 */
export const LEDGER_ENTRY_KINDS = ['accrual', 'approval', 'reversal', 'adjustment', 'payout'] as const;
export const LedgerEntryKind = oneOf(LEDGER_ENTRY_KINDS);
export type LedgerEntryKind = z.infer<typeof LedgerEntryKind>;

/** The two balances an entry counts in: `pending` (not yet earned for good) and `approved` (payable). */
export const LEDGER_BALANCES = ['pending', 'approved'] as const;
export const LedgerBalance = oneOf(LEDGER_BALANCES);
export type LedgerBalance = z.infer<typeof LedgerBalance>;

/**
 * One entry of the commission ledger. Entries are only ever appended: a
 * balance is the sum of its entries, and the one write an entry receives
 * after it is booked is its settlement (`payoutId`, set once by a payout,
 * approved entries only). Single level: `creatorId` is the one recipient.
 */
export const LedgerEntry = z.object({
  id: Id,
  kind: LedgerEntryKind,
  balance: LedgerBalance,
  creatorId: Id,
  /** Signed minor units: negative for reversals, most adjustments and payouts. */
  amount: Money,
  /** The order line the entry is about (`null` for a payout). */
  orderId: z.nullable(Id),
  lineIndex: z.nullable(int(0)),
  recommendationId: z.nullable(Id),
  partnerId: z.nullable(Id),
  /** For an accrual: the line amount and the rate it was computed from (locked for the line's later entries). */
  base: z.nullable(Money),
  rateBps: z.nullable(int(0, 10_000)),
  /** When the platform booked it. */
  createdAt: Timestamp,
  /** The payout that settled this entry, or (for a `payout` entry) the payout itself; `null` while unpaid. */
  payoutId: z.nullable(Id),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/**
 * A payout: what one creator was paid in one currency, for the approved
 * entries booked before `periodEnd` and not paid before. Its statement lists
 * those entries; their amounts add up to `amount`.
 */
export const Payout = z.object({
  id: Id,
  creatorId: Id,
  amount: Money,
  /** The previous payout's `periodEnd` for this creator and currency, or `null` for the first. */
  periodStart: z.nullable(Timestamp),
  /** Entries booked before this instant were considered. */
  periodEnd: Timestamp,
  createdAt: Timestamp,
});
export type Payout = z.infer<typeof Payout>;

/** A payout with the entries it settled: `sum(entries.amount) = payout.amount`. */
export const PayoutStatement = z.object({ payout: Payout, entries: z.array(LedgerEntry) });
export type PayoutStatement = z.infer<typeof PayoutStatement>;
