/**
 * Every element the script tag can define, and how to get its class: each
 * `import()` becomes a chunk of the embed build (`dist/embed/`), fetched the
 * first time the tag is used, together with the chunks it needs (in parallel).
 * A test checks that this table names every element of the manifest.
 */
export const EMBED_ELEMENTS: Record<string, () => Promise<CustomElementConstructor>> = {
  'vitrine-root': () => import('../root/root.js').then((module) => module.VitrineRoot),
  'vitrine-card': () => import('../card/card.js').then((module) => module.VitrineCard),
  'vitrine-buy-sheet': () => import('../buy-sheet/buy-sheet.js').then((module) => module.VitrineBuySheet),
  'vitrine-shelf': () => import('../shelf/shelf.js').then((module) => module.VitrineShelf),
  'vitrine-cart': () => import('../cart/cart.js').then((module) => module.VitrineCart),
  'vitrine-cart-button': () => import('../cart-button/cart-button.js').then((module) => module.VitrineCartButton),
  'vitrine-order-status': () => import('../order-status/order-status.js').then((module) => module.VitrineOrderStatus),
  'vitrine-stats': () => import('../stats/stats.js').then((module) => module.VitrineStats),
};
