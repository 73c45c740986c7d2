export { createVitrine, currentPage, type EventContext, type OfferLink, type Vitrine, type VitrineOptions } from './vitrine.js';
export { MAX_CARDS_PER_REQUEST, type CardsResource } from './cards.js';
export { MAX_RESPONSE_BYTES, type CallOptions } from './http.js';
export { DEFAULT_PRICE_FRESHNESS_HOURS, featuredOffer, hasDiscount, isBuyable, isPriceStale, partnerFor, primaryOffer, rankOffers, type FeaturedOffer } from './offers.js';
export { MAX_FIND_PAGES, type CreatorResource, type OrdersResource, type PartnersResource, type ShowcasePageResult, type ShowcaseResource } from './resources.js';
