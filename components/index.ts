/**
 * `vitrine/components`: importing this module registers every Vitrine element.
 * To register only some, import their modules instead, e.g.
 * `import 'vitrine/components/card'`.
 * @packageDocumentation
 */
import './root/define.js';
import './card/define.js';
import './buy-sheet/define.js';
import './shelf/define.js';
import './cart/define.js';
import './cart-button/define.js';
import './order-status/define.js';
import './stats/define.js';

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
