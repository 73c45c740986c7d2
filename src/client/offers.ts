import type { Partner } from '../model/partner.js';
import type { Offer, StockState } from '../model/product.js';
import type { CardPayload } from '../model/recommendation.js';

const STOCK_ORDER: Record<StockState, number> = { in_stock: 0, low_stock: 0, preorder: 1, out_of_stock: 2 };

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
 * The offer a card features: the first of {@link rankOffers}. Elements feature
 * the best offer whose link is *safe* (see `isSafePartnerUrl`), falling back to
 * this one (shown without a buy link) only when no offer is safe.
 */
export function primaryOffer(card: CardPayload): Offer {
  return rankOffers(card)[0] as Offer;
}

/** The partner shop selling `offer`, from the card's partner list. */
export function partnerFor(card: CardPayload, offer: Offer): Partner | undefined {
  return card.partners.find((partner) => partner.id === offer.partnerId);
}

/** True when the list price is a real, higher price in the same currency. */
export function hasDiscount(offer: Offer): boolean {
  return offer.listPrice !== undefined && offer.listPrice.currency === offer.price.currency && offer.listPrice.amount > offer.price.amount;
}
