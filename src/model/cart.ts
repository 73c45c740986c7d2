import * as z from 'zod/mini';
import { HttpsUrl, Id, Image, Timestamp, text } from './common.js';
import { Price } from './money.js';

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
  quantity: z.int().check(z.gte(1), z.lte(99)),
  addedAt: Timestamp,
});
export type CartLine = z.infer<typeof CartLine>;

/** A favourited recommendation. */
export const Favourite = z.object({
  recommendationId: Id,
  productId: Id,
  title: text(120),
  image: z.optional(Image),
  addedAt: Timestamp,
});
export type Favourite = z.infer<typeof Favourite>;

/** What the cart store persists (`version` lets a later release migrate it). */
export const CartState = z.object({
  version: z.literal(1),
  lines: z.array(CartLine).check(z.maxLength(100)),
  favourites: z.array(Favourite).check(z.maxLength(200)),
});
export type CartState = z.infer<typeof CartState>;
