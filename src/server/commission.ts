/**
 * Commission rules: integer minor-unit math only, single level (exactly one
 * creator per order line, no other recipient, ever).
 */
import { VitrineError } from '../errors.js';
import type { Commission, CommissionState } from '../model/commission.js';
import type { Money } from '../model/money.js';
import type { OrderStatus } from '../model/order.js';
import type { Partner } from '../model/partner.js';

/** One order line as commission planning sees it. */
export interface CommissionLine {
  /** Amount paid for the whole line. */
  amount: Money;
  /** The creator the line is attributed to; `null` for an unattributed line (no commission). */
  creatorId: string | null;
  recommendationId: string | null;
  /**
   * For status `refunded`: the amount of this line refunded so far (cumulative).
   * Omitted means the whole line was refunded.
   */
  refunded?: Money | undefined;
}

/** Input of {@link planCommissions}. */
export interface PlanCommissionsInput {
  orderId: string;
  partner: Pick<Partner, 'id' | 'commissionRateBps'>;
  lines: readonly CommissionLine[];
  /** The order's status after the change being processed. */
  status: OrderStatus;
  /** When the change happened (ISO 8601); becomes `createdAt` of new records. */
  at: string;
  /** The order's commission records before this change. */
  existing?: readonly Commission[] | undefined;
}

/**
 * The commission on `amount` at `rateBps` basis points: `amount × rateBps / 10000`,
 * computed exactly with BigInt and rounded toward zero (the floor for the usual
 * non-negative amounts, so a creator is never credited a fraction not earned).
 * Throws `VitrineError` code `invalid_input` for a non-integer amount or a rate
 * outside 0–10000.
 */
export function commissionFor(amount: Money, rateBps: number): Money {
  checkInteger(amount, 'amount');
  if (!Number.isInteger(rateBps) || rateBps < 0 || rateBps > 10_000) {
    throw new VitrineError('invalid_input', `A commission rate is 0–10000 basis points, not ${rateBps}`);
  }
  return { amount: mulDiv(amount.amount, rateBps, 10_000), currency: amount.currency };
}

/**
 * The part of `commission` to reverse once `refundedAmount` of a line worth
 * `lineAmount` has been refunded. `refundedAmount` is **cumulative** (everything
 * refunded on the line so far) and so is the result:
 * `commission × refunded / line`, rounded down (the creator keeps a fraction
 * until the line is fully refunded). A refund of the whole line (or more)
 * reverses exactly all of the commission.
 *
 * For a new partial refund, reverse `refundShare(c, line, total after) −
 * refundShare(c, line, total before)`: the parts telescope, so any split never
 * reverses more than the whole and a split adding up to the line reverses
 * exactly all of it. Throws `invalid_input` for negative or non-integer amounts
 * or mixed currencies.
 */
export function refundShare(commission: Money, lineAmount: Money, refundedAmount: Money): Money {
  for (const [money, what] of [
    [commission, 'commission'],
    [lineAmount, 'line amount'],
    [refundedAmount, 'refunded amount'],
  ] as const) {
    checkInteger(money, what);
    if (money.amount < 0) throw new VitrineError('invalid_input', `The ${what} must not be negative`);
    if (money.currency !== commission.currency) {
      throw new VitrineError('invalid_input', `Mixed currencies: ${money.currency} and ${commission.currency}`);
    }
  }
  const share =
    refundedAmount.amount >= lineAmount.amount
      ? commission.amount
      : mulDiv(commission.amount, refundedAmount.amount, lineAmount.amount);
  return { amount: share, currency: commission.currency };
}

const STATE_FOR: Readonly<Record<OrderStatus, CommissionState>> = {
  placed: 'pending',
  paid: 'pending',
  shipped: 'pending',
  delivered: 'approved',
  cancelled: 'reversed',
  refunded: 'reversed',
};

/**
 * The commission state an order status implies: placed/paid/shipped → `pending`,
 * delivered → `approved`, cancelled/refunded → `reversed`. (`paid` is set by
 * payout, never by an order status.)
 */
export function commissionStateFor(orderStatus: OrderStatus): CommissionState {
  return STATE_FOR[orderStatus];
}

/**
 * The complete set of commission records of an order after a status change,
 * ready to upsert by id. Deterministic: record ids are `${orderId}:${lineIndex}`.
 *
 * - One record per attributed line (one creator, single level); unattributed
 *   lines earn nothing.
 * - The rate is locked when a record is first created (later rate changes of the
 *   partner do not touch existing records); `createdAt` is kept too.
 * - `cancelled`, or `refunded` of the whole line → state `reversed` (the amount
 *   stays, as the record of what was reversed).
 * - `refunded` with a partial `refunded` amount → the amount shrinks by
 *   {@link refundShare} and the remainder is `approved` (the order is final).
 * - Records already `paid` are never edited nor dropped: on cancel/refund they
 *   get a negative adjustment `${id}:adj` in state `approved` (netted at the
 *   next payout), sized by {@link refundShare}. An adjustment already paid is
 *   kept as it is.
 */
export function planCommissions(input: PlanCommissionsInput): Commission[] {
  const { orderId, partner, status, at } = input;
  const existing = new Map((input.existing ?? []).map((record) => [record.id, record]));
  const reversing = status === 'cancelled' || status === 'refunded';
  const out: Commission[] = [];

  input.lines.forEach((line, lineIndex) => {
    const id = `${orderId}:${lineIndex}`;
    const previous = existing.get(id);
    // What fraction of a commission the change reverses (cumulative).
    const reversal = (commission: Money, base: Money): Money =>
      status === 'refunded' && line.refunded ? refundShare(commission, base, line.refunded) : commission;

    if (previous?.state === 'paid') {
      out.push(previous);
      if (!reversing) return;
      const adjustment = existing.get(`${id}:adj`);
      const clawback = reversal(previous.amount, previous.base).amount;
      if (adjustment?.state === 'paid') out.push(adjustment);
      else if (clawback > 0) {
        out.push({
          ...previous,
          id: `${id}:adj`,
          amount: { amount: -clawback, currency: previous.amount.currency },
          state: 'approved',
          createdAt: adjustment?.createdAt ?? at,
        });
      }
      return;
    }
    if (line.creatorId === null) return;

    const rateBps = previous?.rateBps ?? partner.commissionRateBps;
    let amount = commissionFor(line.amount, rateBps);
    let state = commissionStateFor(status);
    if (reversing) {
      const reversed = reversal(amount, line.amount).amount;
      if (reversed < amount.amount) {
        amount = { amount: amount.amount - reversed, currency: amount.currency };
        state = 'approved';
      }
    }
    out.push({
      id,
      orderId,
      lineIndex,
      creatorId: line.creatorId,
      recommendationId: line.recommendationId,
      partnerId: partner.id,
      base: line.amount,
      rateBps,
      amount,
      state,
      createdAt: previous?.createdAt ?? at,
    });
  });

  // Paid records are never dropped, even for lines no longer present or attributed.
  const emitted = new Set(out.map((record) => record.id));
  for (const record of existing.values()) {
    if (record.state === 'paid' && !emitted.has(record.id)) out.push(record);
  }
  return out;
}

function checkInteger(money: Money, what: string): void {
  if (!Number.isSafeInteger(money.amount)) {
    throw new VitrineError('invalid_input', `The ${what} must be a whole number of minor units, not ${money.amount}`);
  }
}

/** `a × b / c` rounded toward zero, exact for any safe integers. */
function mulDiv(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}
