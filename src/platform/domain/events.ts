/**
 * Domain step: record a batch of browser events.
 */
import type { AttributionEvent, EventsAccepted } from '../../model/attribution.js';
import type { PlatformStore } from '../store/store.js';

/**
 * Keeps the events consistent with the catalog and stores them (the store
 * drops ids it has seen, so a retried batch counts once). An event is kept
 * when its recommendation exists, belongs to the event's creator, and its
 * partner (if any) sells the recommended product: a client cannot credit a
 * click to a creator who did not make the recommendation. Events left out
 * count neither as accepted nor as duplicates.
 */
export async function recordEvents(store: PlatformStore, events: readonly AttributionEvent[]): Promise<EventsAccepted> {
  const found = await store.cards([...new Set(events.map((event) => event.recommendationId))]);
  const byId = new Map(found.map((card) => [card.recommendation.id, card]));
  const valid = events.filter((event) => {
    const card = byId.get(event.recommendationId);
    return (
      card?.recommendation.creatorId === event.creatorId &&
      (event.partnerId === undefined || card.product.offers.some((offer) => offer.partnerId === event.partnerId))
    );
  });
  return store.insertEvents(valid);
}
