/**
 * `vitrine/elements`: every element class, `configure`, the event classes and
 * `defineElement`, registering nothing. Importing this module has no side
 * effect, so a bundler keeps only the classes you use: extend one, or register
 * it yourself (`defineElement('vitrine-card', VitrineCard)`).
 *
 * To register the elements, import `vitrine/components` (all of them) or
 * `vitrine/components/<name>` (one, with the elements it opens).
 * @packageDocumentation
 */
export { VitrineRoot } from './root/root.js';
export { VitrineCard } from './card/card.js';
export { VitrineBuySheet } from './buy-sheet/buy-sheet.js';
export { VitrineShelf } from './shelf/shelf.js';
export { VitrineCart } from './cart/cart.js';
export { VitrineCartButton } from './cart-button/cart-button.js';
export { VitrineOrderStatus } from './order-status/order-status.js';
export { VitrineStats } from './stats/stats.js';
export { VitrineElement } from './shared/vitrine-element.js';
export { configure, configuredVitrine } from './shared/config.js';
export { defineElement } from './shared/define.js';
export * from './events/index.js';
