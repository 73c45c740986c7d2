/**
 * `vitrine/components`: importing this module registers every Vitrine element.
 * To register only some, import their modules instead, e.g.
 * `import 'vitrine/components/card'`; for the classes without registering
 * anything, import `vitrine/elements`.
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

export * from './elements.js';
