import { describe, expect, it } from 'vitest';
import { favouriteChanges, favouriteFor } from '../cart/favourites.js';
import { fixtures } from '../testing/fixtures.js';
import type { CardPayload } from '../model/recommendation.js';
import { featuredOffer, isPriceStale, primaryOffer } from './offers.js';

const withStock = (card: CardPayload, stock: Record<string, 'in_stock' | 'out_of_stock'>): CardPayload => ({
  ...card,
  product: { ...card.product, offers: card.product.offers.map((offer) => ({ ...offer, stock: stock[offer.partnerId] ?? offer.stock })) },
});

describe('featuredOffer', () => {
  it("sells at the creator's shop while it is in stock, even when another shop is cheaper", () => {
    const serum = fixtures.card('rec-lin-serum'); // Hanfang ¥199 (the creator's), Jingxuan ¥189
    expect(featuredOffer(serum)).toEqual({ offer: serum.product.offers[0], soldOut: false });
    expect(primaryOffer(serum).partnerId).toBe('partner-hanfang');
  });

  it("never features a sold-out offer: the best in-stock offer replaces the creator's, naming the swap", () => {
    const tea = fixtures.card('rec-lin-tea'); // Hanfang (the creator's) sold out, Jingxuan in stock
    const featured = featuredOffer(tea);
    expect(featured.offer.partnerId).toBe('partner-jingxuan');
    expect(featured.swappedFrom?.partnerId).toBe('partner-hanfang');
    expect(featured.soldOut).toBe(false);
  });

  it('skips offers that are not usable (unsafe links), and is sold out when nothing can be bought', () => {
    const tea = fixtures.card('rec-lin-tea');
    const noJingxuan = featuredOffer(tea, (offer) => offer.partnerId !== 'partner-jingxuan');
    expect(noJingxuan).toMatchObject({ offer: { partnerId: 'partner-hanfang' }, soldOut: true });
    expect(featuredOffer(withStock(tea, { 'partner-jingxuan': 'out_of_stock' }))).toMatchObject({ offer: { partnerId: 'partner-hanfang' }, soldOut: true });
    expect(featuredOffer(fixtures.card('rec-lin-mooncake')).soldOut).toBe(true);
  });

  it('without a creator shop, features the best ranked offer (in stock, then cheapest)', () => {
    const earbuds = fixtures.card('rec-sam-earbuds');
    expect(earbuds.recommendation.partnerId).toBeUndefined();
    expect(featuredOffer(earbuds).swappedFrom).toBeUndefined();
  });
});

describe('isPriceStale', () => {
  const hotpot = fixtures.card('rec-lin-hotpot').product.offers[0]!; // priced 2026-09-15T04:00Z at Jingxuan (48 h window)
  it("compares the snapshot's age with the partner's freshness window (default 24 h)", () => {
    const at = Date.parse('2026-09-15T04:00:00Z');
    expect(isPriceStale(hotpot, { priceFreshnessHours: 48 }, at + 47 * 3_600_000)).toBe(false);
    expect(isPriceStale(hotpot, { priceFreshnessHours: 48 }, at + 49 * 3_600_000)).toBe(true);
    expect(isPriceStale(hotpot, {}, at + 25 * 3_600_000)).toBe(true);
    expect(isPriceStale({ ...hotpot, priceAt: undefined }, {}, at + 1e12)).toBe(false); // no snapshot time: nothing is claimed
  });
});

describe('favourites', () => {
  it('keep the creator and the featured offer when saved, and notice a price drop or a restock later', () => {
    const serum = fixtures.card('rec-lin-serum');
    const saved = { ...favouriteFor(serum), addedAt: '2026-11-01T00:00:00Z' };
    expect(saved).toMatchObject({ recommendationId: 'rec-lin-serum', creatorId: 'creator-lin', partnerId: 'partner-hanfang', price: { amount: 19900, currency: 'CNY' }, stock: 'in_stock' });
    expect(favouriteChanges(saved, serum)).toEqual({ offer: serum.product.offers[0], backInStock: false, soldOut: false });
    const cheaper = { ...serum, product: { ...serum.product, offers: serum.product.offers.map((offer, i) => (i === 0 ? { ...offer, price: { amount: 17900, currency: 'CNY' } } : offer)) } };
    expect(favouriteChanges(saved, cheaper).priceDrop).toEqual({ amount: 2000, currency: 'CNY' });
    expect(favouriteChanges({ ...saved, stock: 'out_of_stock' }, serum).backInStock).toBe(true);
    expect(favouriteChanges({ ...saved, price: { amount: 1, currency: 'USD' } }, serum).priceDrop).toBeUndefined(); // another currency: no claim
  });
});
