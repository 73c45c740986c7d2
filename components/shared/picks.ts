import { html, nothing, type TemplateResult } from 'lit';
import { featuredOffer } from '../../src/client/offers.js';
import { formatMoney, type Locale } from '../../src/i18n/index.js';
import type { CardPayload } from '../../src/model/recommendation.js';
import { renderImage } from './image.js';

/**
 * The creator's other picks, shown where a product is sold out everywhere
 * (`<vitrine-card>`, `<vitrine-buy-sheet>`): a labelled group (part `picks`)
 * of buttons (part `pick`), each with the pick's image, title and the price
 * of the offer it would sell. `choose` runs when one is activated.
 */
export function renderPicks(
  picks: readonly CardPayload[],
  options: { title: TemplateResult; locale: Locale; imageSizes: string; opensDialog: boolean; choose: (pick: CardPayload) => void },
): TemplateResult | typeof nothing {
  if (picks.length === 0) return nothing;
  return html`<div part="picks" class="picks" role="group" aria-labelledby="picks">
    ${options.title}
    <ul role="list">
      ${picks.map((pick) => {
        const image = pick.product.images[0];
        const { offer } = featuredOffer(pick);
        return html`<li>
          <button part="pick" class="pick" type="button" aria-haspopup=${options.opensDialog ? 'dialog' : 'false'} @click=${() => options.choose(pick)}>
            ${image ? renderImage(image, { sizes: options.imageSizes, alt: '' }) : nothing}
            <span class="pick-title">${pick.product.title}</span>
            <span class="pick-price">${formatMoney(offer.price, options.locale)}</span>
          </button>
        </li>`;
      })}
    </ul>
  </div>`;
}
