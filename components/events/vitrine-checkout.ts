import type { CheckoutHandOff } from '../../src/cart/checkout.js';

export interface VitrineCheckoutDetail {
  handOff: CheckoutHandOff;
}

/**
 * Fired when the shopper follows a partner's checkout hand-off from the cart.
 * Cancelable: when prevented, Vitrine neither navigates nor records the hand-off.
 */
export class VitrineCheckoutEvent extends CustomEvent<VitrineCheckoutDetail> {
  constructor(detail: VitrineCheckoutDetail) {
    super('vitrine-checkout', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-checkout': VitrineCheckoutEvent;
  }
}
