import * as z from 'zod/mini';

/** ISO 4217 alphabetic currency code, e.g. `CNY`, `USD`. */
export const CurrencyCode = z.string().check(z.regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as CNY'));
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/**
 * An amount of money: an integer count of the currency's minor unit (fen, cent)
 * plus its ISO 4217 code. Never a float; format only at the edge (see `i18n`).
 */
export const Money = z.object({
  amount: z.int(),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

/** Money that can never be negative: prices, list prices, order totals. */
export const Price = z.object({
  amount: z.int().check(z.gte(0)),
  currency: CurrencyCode,
});
export type Price = z.infer<typeof Price>;
