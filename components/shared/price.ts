import { css, html, nothing, type TemplateResult } from 'lit';
import { hasDiscount } from '../../src/client/offers.js';
import { formatMoney, type Locale, type MessageKey } from '../../src/i18n/index.js';
import type { Offer } from '../../src/model/product.js';

/**
 * An offer's price, struck-through list price (only when it is a real discount)
 * and stock state (unless `stock: false`: the card says it in its status
 * line), with visually hidden labels for screen readers. Parts: `price`,
 * `list-price`, `stock`.
 */
export function renderOfferPrice(offer: Offer, locale: Locale, msg: (key: MessageKey) => string, { stock = true }: { stock?: boolean } = {}): TemplateResult {
  return html`<span part="price" class="price"><span class="visually-hidden">${msg('price')} </span>${formatMoney(offer.price, locale)}</span>
    ${hasDiscount(offer) && offer.listPrice
      ? html`<s part="list-price" class="list-price"><span class="visually-hidden">${msg('listPrice')} </span>${formatMoney(offer.listPrice, locale)}</s>`
      : nothing}
    ${stock ? html`<span part="stock" class="stock" data-stock=${offer.stock}>${msg(`stock_${offer.stock}`)}</span>` : nothing}`;
}

/** Styles for `renderOfferPrice`, wrapped in an element of class `prices`. */
export const priceStyles = css`
  .prices {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 10px;
  }
  .price {
    color: var(--_price);
    font-weight: 700;
    font-size: 1.125rem;
  }
  .list-price,
  .stock {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .stock[data-stock='out_of_stock'] {
    font-weight: 600;
  }
`;
