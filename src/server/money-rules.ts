/**
 * The money rules a conversion callback must meet on its own, in one place:
 * the platform refuses a callback that breaks one (422, its code as the
 * problem code), and `createConversion` refuses to build one, so a partner
 * finds out before sending.
 */
import type { Conversion } from '../model/conversion.js';
import { MAX_LINE_AMOUNT } from '../model/money.js';
import { isKnownCurrency } from './currencies.js';

/** Why a callback's money is refused (see docs/security.md). */
export type MoneyRule = 'unknown_currency' | 'amount_out_of_range' | 'refund_exceeds_amount' | 'refund_before_payment';

/** One broken rule: its code, where, and a message naming the values. */
export interface MoneyViolation {
  code: MoneyRule;
  path: PropertyKey[];
  message: string;
}

/**
 * The rules `conversion` breaks, in body order (`[]`: none): an ISO 4217
 * currency in use (`isKnownCurrency`), amounts and refunds of at most
 * `MAX_LINE_AMOUNT` minor units, a refund of at most its line, and no refund
 * on a `placed` or `cancelled` order (nothing was paid).
 */
export function moneyViolations(conversion: Conversion): MoneyViolation[] {
  const out: MoneyViolation[] = [];
  if (!isKnownCurrency(conversion.currency)) {
    out.push({ code: 'unknown_currency', path: ['currency'], message: `"${conversion.currency}" is not an ISO 4217 currency in use` });
  }
  conversion.lines.forEach((line, index) => {
    const path = (key: string) => ['lines', index, key];
    if (line.amount > MAX_LINE_AMOUNT || (line.refundedAmount ?? 0) > MAX_LINE_AMOUNT) {
      out.push({ code: 'amount_out_of_range', path: path('amount'), message: `lines[${index}]: amounts are at most ${MAX_LINE_AMOUNT} minor units` });
    }
    if (line.refundedAmount === undefined) return;
    if (line.refundedAmount > line.amount) {
      out.push({ code: 'refund_exceeds_amount', path: path('refundedAmount'), message: `lines[${index}]: refundedAmount ${line.refundedAmount} exceeds the line amount ${line.amount}` });
    }
    if (line.refundedAmount > 0 && (conversion.status === 'placed' || conversion.status === 'cancelled')) {
      out.push({ code: 'refund_before_payment', path: path('refundedAmount'), message: `lines[${index}]: a ${conversion.status} order has nothing to refund` });
    }
  });
  return out;
}
