export { VitrineAddToCartEvent, type VitrineAddToCartDetail } from './vitrine-add-to-cart.js';
export { VitrineCheckoutEvent, type VitrineCheckoutDetail } from './vitrine-checkout.js';
export { VitrineClickEvent, type VitrineClickDetail } from './vitrine-click.js';
export { VitrineErrorEvent, type VitrineErrorDetail } from './vitrine-error.js';
export { VitrineOpenEvent, type VitrineOpenDetail } from './vitrine-open.js';
export { VitrineAfterHideEvent } from './vitrine-after-hide.js';
export { VitrineAfterShowEvent } from './vitrine-after-show.js';
export { VitrineHideEvent, type VitrineHideDetail, type VitrineHideSource } from './vitrine-hide.js';
export { VitrineShowEvent } from './vitrine-show.js';
