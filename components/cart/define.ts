import { defineElement } from '../shared/define.js';
import { VitrineCart } from './cart.js';

defineElement('vitrine-cart', VitrineCart);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-cart': VitrineCart;
  }
}

export { VitrineCart };
