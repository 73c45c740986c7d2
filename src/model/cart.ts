import * as z from 'zod/mini';
import { HttpsUrl, Id, Image, int, list, Timestamp, text } from './common.js';
import { Price } from './money.js';
import { StockState } from './product.js';

/** A line in the shopper's cart. It remembers where it came from, for attribution. */
export const CartLine = z.object({
  recommendationId: Id,
  creatorId: Id,
  productId: Id,
  partnerId: Id,
  /** The partner's product page (undecorated; decorated at checkout). */
  offerUrl: HttpsUrl,
  sku: z.optional(text(64)),
  title: text(120),
  image: z.optional(Image),
  price: Price,
  quantity: int(1, 99),
  addedAt: Timestamp,
});
export type CartLine = z.infer<typeof CartLine>;

/**
 * A favourited recommendation. It keeps the recommending creator, so buying it
 * weeks later still credits them (a fresh click id bound to this
 * recommendation), and the featured offer's price and stock when it was saved,
 * so that a price drop or a restock is noticed in the browser, where the
 * favourite lives (nothing about it is ever sent anywhere).
 */
export const Favourite = z.object({
  recommendationId: Id,
  productId: Id,
  /** The recommending creator (absent in favourites saved by older versions). */
  creatorId: z.optional(Id),
  title: text(120),
  image: z.optional(Image),
  /** The featured offer's partner, price and stock when saved. */
  partnerId: z.optional(Id),
  price: z.optional(Price),
  stock: z.optional(StockState),
  addedAt: Timestamp,
});
export type Favourite = z.infer<typeof Favourite>;

/** What the cart store persists (`version` lets a later release migrate it). */
export const CartState = z.object({
  version: z.literal(1),
  lines: list(CartLine, 0, 100),
  favourites: list(Favourite, 0, 200),
});
export type CartState = z.infer<typeof CartState>;
