import { featuredOffer, isBuyable, type FeaturedOffer } from '../client/offers.js';
import type { Favourite } from '../model/cart.js';
import type { Money } from '../model/money.js';
import type { Offer } from '../model/product.js';
import type { CardPayload } from '../model/recommendation.js';

/**
 * The favourite to store for a card: the recommendation and its creator (so a
 * purchase weeks later still credits them) and the featured offer's partner,
 * price and stock now (so that a price drop or a restock can be noticed later,
 * in this browser). `featured` defaults to `featuredOffer(card)`.
 */
export function favouriteFor(card: CardPayload, featured: FeaturedOffer = featuredOffer(card)): Omit<Favourite, 'addedAt'> {
  const { recommendation, product, creator } = card;
  const image = product.images[0];
  const { offer } = featured;
  return {
    recommendationId: recommendation.id,
    productId: product.id,
    creatorId: creator.id,
    title: product.title,
    ...(image ? { image } : {}),
    partnerId: offer.partnerId,
    price: offer.price,
    stock: offer.stock,
  };
}

/** What changed since a favourite was saved: see {@link favouriteChanges}. */
export interface FavouriteChanges {
  /** The offer the card features now. */
  offer: Offer;
  /** How much cheaper it is than the saved price (same currency only); absent when it is not cheaper. */
  priceDrop?: Money | undefined;
  /** It was sold out when saved and can be bought now. */
  backInStock: boolean;
  /** No offer can be bought now. */
  soldOut: boolean;
}

/**
 * Compares a favourite with its card as the platform serves it now (loaded
 * with the same public, cookie-less `GET /v1/cards` every page makes). Runs in
 * the browser: the saved price never leaves it. `usable` filters offers as in
 * `featuredOffer` (elements pass "its link is safe").
 */
export function favouriteChanges(favourite: Favourite, card: CardPayload, usable?: (offer: Offer) => boolean): FavouriteChanges {
  const featured = featuredOffer(card, usable);
  const { offer } = featured;
  const saved = favourite.price;
  const cheaper = saved !== undefined && saved.currency === offer.price.currency && offer.price.amount < saved.amount;
  return {
    offer,
    ...(cheaper ? { priceDrop: { amount: saved.amount - offer.price.amount, currency: saved.currency } } : {}),
    backInStock: favourite.stock === 'out_of_stock' && isBuyable(offer) && !featured.soldOut,
    soldOut: featured.soldOut,
  };
}
