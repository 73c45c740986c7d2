import type { Partner } from '../model/partner.js';
import type { Offer, StockState } from '../model/product.js';
import type { CardPayload } from '../model/recommendation.js';

const STOCK_ORDER: Record<StockState, number> = { in_stock: 0, low_stock: 0, preorder: 1, out_of_stock: 2 };

/** How long a price snapshot stays current when the partner sets no `priceFreshnessHours`. */
export const DEFAULT_PRICE_FRESHNESS_HOURS = 24;

/** True when the offer can be bought now or pre-ordered. */
export function isBuyable(offer: Offer): boolean {
  return offer.stock !== 'out_of_stock';
}

/**
 * A card's offers from best to worst: buyable before out of stock, then the
 * lowest price (offers in other currencies keep the platform's order).
 */
export function rankOffers(card: CardPayload): Offer[] {
  return [...card.product.offers].sort((a, b) => {
    const stock = STOCK_ORDER[a.stock] - STOCK_ORDER[b.stock];
    if (stock !== 0) return stock;
    return a.price.currency === b.price.currency ? a.price.amount - b.price.amount : 0;
  });
}

/**
 * The offer a card features, ignoring link safety: see {@link featuredOffer},
 * which elements use (it also skips offers whose link is not safe).
 */
export function primaryOffer(card: CardPayload): Offer {
  return featuredOffer(card).offer;
}

/** What a card features: see {@link featuredOffer}. */
export interface FeaturedOffer {
  /** The offer the buy button sells (shown without a link when `soldOut`). */
  offer: Offer;
  /**
   * The offer the card would have featured — the creator's shop — when it is
   * sold out and `offer` (another allow-listed shop selling the same product)
   * replaces it. Its partner is recorded on the click as `swappedFrom`.
   */
  swappedFrom?: Offer | undefined;
  /** No usable offer can be bought: the card shows its sold-out state. */
  soldOut: boolean;
}

/**
 * The offer a card features. Only offers that `usable` accepts count (elements
 * pass "its link is https on an allow-listed host"); when none does, the best
 * ranked offer is returned, to be shown without a link.
 *
 * 1. The creator's shop (`recommendation.partnerId`) while its offer is buyable;
 *    without one, the best ranked offer (buyable, then cheapest).
 * 2. A sold-out offer is never the buy button: the best buyable offer of the
 *    same product takes its place, `swappedFrom` naming the sold-out one.
 * 3. When no offer is buyable, `soldOut` is true and the creator's offer (or
 *    the best ranked) is returned for its price.
 */
export function featuredOffer(card: CardPayload, usable: (offer: Offer) => boolean = () => true): FeaturedOffer {
  const ranked = rankOffers(card);
  const candidates = ranked.filter(usable);
  const chosen = card.recommendation.partnerId;
  const preferred = candidates.find((offer) => offer.partnerId === chosen) ?? candidates[0];
  if (!preferred) return { offer: ranked[0] as Offer, soldOut: !ranked.some(isBuyable) };
  if (isBuyable(preferred)) return { offer: preferred, soldOut: false };
  const replacement = candidates.find(isBuyable);
  if (replacement) return { offer: replacement, swappedFrom: preferred, soldOut: false };
  return { offer: preferred, soldOut: true };
}

/** The partner shop selling `offer`, from the card's partner list. */
export function partnerFor(card: CardPayload, offer: Offer): Partner | undefined {
  return card.partners.find((partner) => partner.id === offer.partnerId);
}

/** True when the list price is a real, higher price in the same currency. */
export function hasDiscount(offer: Offer): boolean {
  return offer.listPrice !== undefined && offer.listPrice.currency === offer.price.currency && offer.listPrice.amount > offer.price.amount;
}

/**
 * True when the offer's price snapshot (`priceAt`) is older than its partner's
 * freshness window (`priceFreshnessHours`, default
 * {@link DEFAULT_PRICE_FRESHNESS_HOURS}). An offer without `priceAt` is never
 * called stale: nothing is known about its age.
 */
export function isPriceStale(offer: Offer, partner: Pick<Partner, 'priceFreshnessHours'> | undefined, now: number = Date.now()): boolean {
  if (!offer.priceAt) return false;
  const hours = partner?.priceFreshnessHours ?? DEFAULT_PRICE_FRESHNESS_HOURS;
  return now - Date.parse(offer.priceAt) > hours * 3_600_000;
}
