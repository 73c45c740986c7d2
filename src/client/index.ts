export { createVitrine, type OfferLink, type Vitrine, type VitrineOptions } from './vitrine.js';
export { MAX_CARDS_PER_REQUEST, type CardsResource } from './cards.js';
export type { CallOptions } from './http.js';
export { hasDiscount, isBuyable, partnerFor, primaryOffer } from './offers.js';
export type { CreatorResource, OrdersResource, PartnersResource, ShowcaseResource } from './resources.js';
