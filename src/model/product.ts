import * as z from 'zod/mini';
import { HttpsUrl, Id, Image, Timestamp, list, oneOf, text } from './common.js';
import { Price } from './money.js';

export const STOCK_STATES = ['in_stock', 'low_stock', 'out_of_stock', 'preorder'] as const;
export const StockState = oneOf(STOCK_STATES);
export type StockState = z.infer<typeof StockState>;

/** One partner shop selling the product: where to buy it, at what price. */
export const Offer = z.object({
  partnerId: Id,
  /** The partner's product page. Decorated with attribution before it is followed. */
  url: HttpsUrl,
  price: Price,
  /** The price before discount, shown struck through when higher than `price`. */
  listPrice: z.optional(Price),
  stock: StockState,
  sku: z.optional(text(64)),
  /**
   * When `price` and `stock` were last read from the partner (the price
   * snapshot's time). Older than the partner's `priceFreshnessHours`, the
   * elements say the price may have changed instead of presenting it as current.
   */
  priceAt: z.optional(Timestamp),
});
export type Offer = z.infer<typeof Offer>;

export const Product = z.object({
  id: Id,
  /** A concise title (no keyword stuffing): at most 120 characters. */
  title: text(120),
  brand: z.optional(text(60)),
  images: list(Image, 1, 12),
  offers: list(Offer, 1, 20),
  description: z.optional(text(2000)),
});
export type Product = z.infer<typeof Product>;

