/**
 * Domain step: record a batch of browser events.
 */
import type { AttributionEvent, EventsAccepted } from '../../model/attribution.js';
import type { PlatformStore } from '../store/store.js';
import { offerSkus } from './conversions.js';

/**
 * Keeps the events consistent with the catalog and stores them (the store
 * drops ids it has seen, so a retried batch counts once, and a click event
 * whose click id is bound already). An event is kept when its recommendation
 * exists, belongs to the event's creator, and its partner (if any) sells the
 * recommended product: a client cannot credit a click to a creator who did
 * not make the recommendation. A `checkout` event must also carry a click id,
 * a partner and a SKU that is one of the recommendation's offers at that
 * partner: it can only ever claim a line of that very product. Events left out
 * count neither as accepted nor as duplicates.
 */
export async function recordEvents(store: PlatformStore, events: readonly AttributionEvent[]): Promise<EventsAccepted> {
  const found = await store.cards([...new Set(events.map((event) => event.recommendationId))]);
  const byId = new Map(found.map((card) => [card.recommendation.id, card]));
  const valid = events.filter((event) => {
    const card = byId.get(event.recommendationId);
    if (card?.recommendation.creatorId !== event.creatorId) return false;
    if (event.partnerId !== undefined && !card.product.offers.some((offer) => offer.partnerId === event.partnerId)) return false;
    if (event.type !== 'checkout') return true;
    return event.clickId !== undefined && event.partnerId !== undefined && event.sku !== undefined && offerSkus(card, event.partnerId).has(event.sku);
  });
  return store.insertEvents(valid);
}
