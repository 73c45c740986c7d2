import type { CardPayload } from '../../src/model/recommendation.js';
import type { Offer } from '../../src/model/product.js';

export interface VitrineAddToCartDetail {
  card: CardPayload;
  offer: Offer;
  quantity: number;
}

/**
 * Fired before an offer is added to the cart. Cancelable: when prevented, the
 * cart is not changed (e.g. the host runs its own cart).
 */
export class VitrineAddToCartEvent extends CustomEvent<VitrineAddToCartDetail> {
  constructor(detail: VitrineAddToCartDetail) {
    super('vitrine-add-to-cart', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-add-to-cart': VitrineAddToCartEvent;
  }
}
