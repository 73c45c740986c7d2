export { VitrineAddToCartEvent, type VitrineAddToCartDetail } from './vitrine-add-to-cart.js';
export { VitrineCheckoutEvent, type VitrineCheckoutDetail } from './vitrine-checkout.js';
export { VitrineClickEvent, type VitrineClickDetail } from './vitrine-click.js';
export { VitrineErrorEvent, type VitrineErrorDetail } from './vitrine-error.js';
export { VitrineOpenEvent, type VitrineOpenDetail } from './vitrine-open.js';
