/**
 * Domain step: record a batch of browser events.
 */
import type { AttributionEvent, EventsAccepted } from '../../model/attribution.js';
import type { CardPayload } from '../../model/recommendation.js';
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
 * partner: it can only ever claim a line of that very product. A click's
 * `swappedFrom` (the sold-out offer the card swapped away from) is kept when
 * that partner sells the product too, else dropped from the event. Events left
 * out count neither as accepted nor as duplicates.
 *
 * A click made long after the recommendation was first seen (from the
 * shopper's favourites or cart, weeks later) is an ordinary click: its fresh
 * click id is bound to the recommendation and creator it carries, and the
 * partner's attribution window runs from this click.
 */
export async function recordEvents(store: PlatformStore, events: readonly AttributionEvent[]): Promise<EventsAccepted> {
  const found = await store.cards([...new Set(events.map((event) => event.recommendationId))]);
  const byId = new Map(found.map((card) => [card.recommendation.id, card]));
  const sells = (card: CardPayload, partnerId: string) => card.product.offers.some((offer) => offer.partnerId === partnerId);
  const valid = events.flatMap((event) => {
    const card = byId.get(event.recommendationId);
    if (card?.recommendation.creatorId !== event.creatorId || (event.partnerId !== undefined && !sells(card, event.partnerId))) return [];
    if (event.type === 'checkout' && !(event.clickId !== undefined && event.partnerId !== undefined && event.sku !== undefined && offerSkus(card, event.partnerId).has(event.sku))) return [];
    if (event.swappedFrom === undefined || (event.type === 'click' && sells(card, event.swappedFrom))) return [event];
    const { swappedFrom: _dropped, ...kept } = event;
    return [kept];
  });
  return store.insertEvents(valid);
}
