/**
 * The `::part()` names of the elements that other elements render inside their
 * shadow roots, and the `exportparts` values that forward them, so a page
 * stylesheet reaches nested elements:
 *
 *   vitrine-shelf::part(card-title)             a shelf's cards
 *   vitrine-card::part(sheet-title)             the sheet a card opens
 *   vitrine-shelf::part(card-sheet-title)       the sheet a shelf's card opens
 *   vitrine-cart-button::part(cart-checkout)    the cart a cart button opens
 *
 * Each list is the element's `@csspart` JSDoc (a test keeps them equal), and the
 * outer element's manifest entry lists the forwarded names (`@exportparts`).
 */

/** `<vitrine-buy-sheet>`'s parts. */
export const SHEET_PARTS = [
  'dialog', 'panel', 'close', 'gallery', 'image', 'thumbnail', 'title', 'creator', 'disclosure', 'reason', 'offers', 'offer',
  'partner', 'price', 'list-price', 'stock', 'buy', 'add-to-cart', 'favourite', 'creator-shop', 'offer-note', 'in-app',
  'open-in-browser', 'copy-link', 'picks', 'pick', 'share', 'status', 'error', 'retry',
] as const;

/** `<vitrine-card>`'s own parts (its sheet's are forwarded as `sheet-*`). */
export const CARD_PARTS = [
  'card', 'image', 'title', 'reason', 'more', 'creator', 'verified', 'favourite', 'price', 'list-price', 'stock', 'status',
  'partner', 'disclosure', 'buy', 'add-to-cart', 'sold-out', 'picks', 'pick', 'skeleton', 'error', 'retry',
] as const;

/** `<vitrine-cart>`'s parts. */
export const CART_PARTS = [
  'cart', 'group', 'partner', 'line', 'quantity', 'remove', 'subtotal', 'checkout', 'rejected', 'favourites', 'favourite',
  'price-drop', 'back-in-stock', 'buy', 'add-to-cart', 'empty', 'dialog', 'close', 'error',
] as const;

/** `exportparts` forwarding each of `parts` as `prefix` + name, e.g. `title:card-title`. */
export function exportParts(prefix: string, parts: readonly string[]): string {
  return parts.map((part) => `${part}:${prefix}${part}`).join(', ');
}

/** Every part a card exposes: its own and its sheet's (`sheet-*`). */
export const CARD_EXPOSED_PARTS: readonly string[] = [...CARD_PARTS, ...SHEET_PARTS.map((part) => `sheet-${part}`)];

/** On the sheet a card renders. */
export const CARD_SHEET_EXPORTPARTS = exportParts('sheet-', SHEET_PARTS);
/** On each card a shelf renders: the card's parts and its sheet's, as `card-*`. */
export const SHELF_CARD_EXPORTPARTS = exportParts('card-', CARD_EXPOSED_PARTS);
/** On the cart a cart button renders. */
export const CART_BUTTON_CART_EXPORTPARTS = exportParts('cart-', CART_PARTS);
