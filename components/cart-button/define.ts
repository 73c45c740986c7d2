import '../cart/define.js';
import { defineElement } from '../shared/define.js';
import { VitrineCartButton } from './cart-button.js';

defineElement('vitrine-cart-button', VitrineCartButton);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-cart-button': VitrineCartButton;
  }
}

export { VitrineCartButton };
