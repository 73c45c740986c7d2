/**
 * Commission rules: integer minor-unit math only, single level (exactly one
 * creator per order line, no other recipient, ever), kept as an append-only
 * ledger: what an order line earned is the sum of its entries, and a change of
 * the order appends the entries that bring that sum to what the line earns now.
 */
import { VitrineError } from '../errors.js';
import type { Commission, CommissionState, LedgerBalance, LedgerEntry } from '../model/commission.js';
import type { Money } from '../model/money.js';
import type { OrderStatus } from '../model/order.js';
import type { Partner } from '../model/partner.js';

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

/** One order line as ledger planning sees it. */
export interface LedgerLine {
  /** Amount paid for the whole line (fixed once the order is placed). */
  amount: Money;
  /** The creator the line is attributed to; `null` for an unattributed line (no commission). */
  creatorId: string | null;
  recommendationId: string | null;
  /**
   * The amount of this line refunded so far (cumulative, at most `amount`);
   * omitted: nothing refunded, whatever the status (a `refunded` callback
   * without `refundedAmount` is resolved to the whole line before planning).
   */
  refunded?: Money | undefined;
}

/** Input of {@link planLedger}. */
export interface PlanLedgerInput {
  orderId: string;
  partner: Pick<Partner, 'id' | 'commissionRateBps'>;
  /** The order's lines, in order (a line's index is its position). */
  lines: readonly LedgerLine[];
  /** The order's status after the change being processed. */
  status: OrderStatus;
  /** When the entries are booked (ISO 8601). */
  at: string;
  /** The order's ledger entries so far, in booking order. */
  existing: readonly LedgerEntry[];
}

/**
 * What a line earns in its order's current state: `commissionFor(amount,
 * rate)`, minus the {@link refundShare} of what was refunded; nothing for a
 * cancelled order. The rate is the one locked by the line's accrual.
 */
export function lineTarget(line: LedgerLine, rateBps: number, status: OrderStatus): Money {
  const full = commissionFor(line.amount, rateBps);
  if (status === 'cancelled') return { amount: 0, currency: full.currency };
  const { refunded } = line;
  if (!refunded) return full;
  return { amount: full.amount - refundShare(full, line.amount, refunded).amount, currency: full.currency };
}

/**
 * The ledger entries to append after an order changed, so that each
 * attributed line's entries add up to what it earns now ({@link lineTarget}):
 * deterministic (entry ids `${orderId}:${lineIndex}:${n}`), and idempotent (planning
 * again after appending them returns `[]`).
 *
 * - A line's first entry is its `accrual` at the partner's current rate, which
 *   is then locked for the line; it counts as `pending` until the order is
 *   delivered (or final after a refund), then an `approval` pair moves the
 *   pending sum to `approved`.
 * - What a line no longer earns is taken from its pending balance first, then
 *   from its approved entries not yet paid (`reversal`); what is left is a
 *   negative `adjustment` in the approved balance, netted at the next payout:
 *   paid entries are never edited.
 * - Unattributed lines earn nothing; each attributed line pays exactly one
 *   creator (single level).
 *
 * Throws `invalid_input` (from the math) for amounts that are not safe integers.
 */
export function planLedger(input: PlanLedgerInput): LedgerEntry[] {
  const { orderId, partner, status, at } = input;
  const out: LedgerEntry[] = [];
  const final = commissionStateFor(status) === 'approved' || status === 'refunded';

  input.lines.forEach((line, lineIndex) => {
    const mine = input.existing.filter((entry) => entry.orderId === orderId && entry.lineIndex === lineIndex);
    const accrual = mine.find((entry) => entry.kind === 'accrual');
    const creatorId = accrual?.creatorId ?? line.creatorId;
    if (creatorId === null) return;
    const recommendationId = accrual?.recommendationId ?? line.recommendationId;
    const currency = line.amount.currency;
    const sum = (balance: LedgerBalance, settled?: boolean) =>
      [...mine, ...out.filter((entry) => entry.lineIndex === lineIndex)]
        .filter((entry) => entry.balance === balance && (settled === undefined || (entry.payoutId !== null) === settled))
        .reduce((total, entry) => total + entry.amount.amount, 0);
    const append = (kind: LedgerEntry['kind'], balance: LedgerBalance, amount: number, extra: Partial<LedgerEntry> = {}) => {
      if (amount === 0) return;
      out.push({
        id: `${orderId}:${lineIndex}:${mine.length + out.filter((entry) => entry.lineIndex === lineIndex).length}`,
        kind,
        balance,
        creatorId,
        amount: { amount, currency },
        orderId,
        lineIndex,
        recommendationId,
        partnerId: partner.id,
        base: null,
        rateBps: null,
        createdAt: at,
        payoutId: null,
        ...extra,
      });
    };

    const rateBps = accrual?.rateBps ?? partner.commissionRateBps;
    if (!accrual) {
      append('accrual', final ? 'approved' : 'pending', commissionFor(line.amount, rateBps).amount, { base: line.amount, rateBps });
    }
    const pending = sum('pending');
    if (final && pending !== 0) {
      append('approval', 'pending', -pending);
      append('approval', 'approved', pending);
    }
    let delta = lineTarget(line, rateBps, status).amount - (sum('pending') + sum('approved'));
    if (delta < 0) {
      const fromPending = Math.min(-delta, Math.max(0, sum('pending')));
      append('reversal', 'pending', -fromPending);
      delta += fromPending;
      const fromUnpaid = Math.min(-delta, Math.max(0, sum('approved', false)));
      append('reversal', 'approved', -fromUnpaid);
      delta += fromUnpaid;
    }
    // Paid money is never edited: what remains to take back (or, never in
    // practice, to add) is an adjustment, netted at the next payout.
    append('adjustment', 'approved', delta);
  });
  return out;
}

/**
 * One {@link Commission} summary per attributed line of an order, from its
 * ledger entries: `amount` is their sum, `state` is `reversed` when nothing
 * is left, `pending` while any is pending, `paid` once every approved entry
 * was settled by a payout, else `approved`. Sorted by line.
 */
export function summarizeCommissions(orderId: string, entries: readonly LedgerEntry[]): Commission[] {
  const lines = new Map<number, LedgerEntry[]>();
  for (const entry of entries) {
    if (entry.orderId !== orderId || entry.lineIndex === null) continue;
    lines.set(entry.lineIndex, [...(lines.get(entry.lineIndex) ?? []), entry]);
  }
  return [...lines]
    .sort(([a], [b]) => a - b)
    .flatMap(([lineIndex, mine]) => {
      const accrual = mine.find((entry) => entry.kind === 'accrual');
      if (!accrual?.base || accrual.rateBps === null || accrual.partnerId === null) return [];
      const total = (list: LedgerEntry[]) => list.reduce((sum, entry) => sum + entry.amount.amount, 0);
      const amount = total(mine);
      const pending = total(mine.filter((entry) => entry.balance === 'pending'));
      const unpaid = mine.filter((entry) => entry.balance === 'approved' && entry.payoutId === null && entry.amount.amount !== 0);
      const state: CommissionState = amount === 0 ? 'reversed' : pending !== 0 ? 'pending' : unpaid.length === 0 ? 'paid' : 'approved';
      return [
        {
          id: `${orderId}:${lineIndex}`,
          orderId,
          lineIndex,
          creatorId: accrual.creatorId,
          recommendationId: accrual.recommendationId,
          partnerId: accrual.partnerId,
          base: accrual.base,
          rateBps: accrual.rateBps,
          amount: { amount, currency: accrual.amount.currency },
          state,
          createdAt: accrual.createdAt,
        },
      ];
    });
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
