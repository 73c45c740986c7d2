import { describe, expect, it } from 'vitest';
import { isVitrineError } from '../errors.js';
import { sumMoney } from './money.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('sumMoney', () => {
  it('adds per currency, in first-seen order, never mixing currencies', () => {
    expect(sumMoney([cny(100), usd(5), cny(250)])).toEqual([cny(350), usd(5)]);
    expect(sumMoney([])).toEqual([]);
  });

  it('scales each item by a quantity', () => {
    const lines = [
      { price: cny(1990), quantity: 3 },
      { price: usd(100), quantity: 1 },
    ];
    expect(sumMoney(lines, (line) => line.price, (line) => line.quantity)).toEqual([cny(5970), usd(100)]);
  });

  it('refuses a total outside the safe-integer range instead of rounding it', () => {
    let error: unknown;
    try {
      sumMoney([cny(Number.MAX_SAFE_INTEGER), cny(1)]);
    } catch (caught) {
      error = caught;
    }
    expect(isVitrineError(error, 'invalid_input')).toBe(true);
  });
});
