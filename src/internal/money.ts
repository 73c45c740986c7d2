import { VitrineError } from '../errors.js';
import type { Money } from '../model/money.js';

/**
 * Adds amounts up per currency (internal), currencies in first-seen order;
 * never mixes or converts currencies. Each amount may be scaled by `times`
 * (a line's quantity). Throws `VitrineError` `invalid_input` when a total
 * leaves the safe-integer range: money is exact or it is an error, never a
 * rounded float.
 */
export function sumMoney<T>(items: Iterable<T>, money: (item: T) => Money = (item) => item as unknown as Money, times: (item: T) => number = () => 1): Money[] {
  const totals = new Map<string, number>();
  for (const item of items) {
    const { amount, currency } = money(item);
    const total = (totals.get(currency) ?? 0) + amount * times(item);
    if (!Number.isSafeInteger(total)) throw new VitrineError('invalid_input', `the ${currency} total exceeds the safe-integer range`);
    totals.set(currency, total);
  }
  return [...totals].map(([currency, amount]) => ({ amount, currency }));
}
