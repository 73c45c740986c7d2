import * as z from 'zod/mini';
import { int, pattern } from './common.js';

/** ISO 4217 alphabetic currency code, e.g. `CNY`, `USD`. */
export const CurrencyCode = pattern(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as CNY');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/**
 * An amount of money: an integer count of the currency's minor unit (fen, cent)
 * plus its ISO 4217 code. Never a float; format only at the edge (see `i18n`).
 */
export const Money = z.object({
  amount: int(),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

/** Money that can never be negative: prices, list prices, order totals. */
export const Price = z.object({
  amount: int(0),
  currency: CurrencyCode,
});
export type Price = z.infer<typeof Price>;

/**
 * The largest amount of one order line the platform accepts, in minor units:
 * 10^12 (ten billion of a two-decimal currency). An order has at most 200
 * lines, so every total and commission stays far inside the safe-integer range
 * (2^53 − 1 ≈ 9 × 10^15) that JSON numbers and the SDK's parsers handle exactly.
 */
export const MAX_LINE_AMOUNT = 1_000_000_000_000;
