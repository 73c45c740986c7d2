/**
 * The share pages' renderer when none is given (`ShareOptions.render` unset):
 * plain semantic HTML of a card, without the elements or their styles, for
 * platforms that cannot run `vitrine/ssr` (no `@lit-labs/ssr`, an edge
 * runtime). Same content and links as the elements: title, image, disclosure,
 * creator, reason, and every offer with its price, stock and `/go/` link.
 */
import { formatMoney, t } from '../../i18n/format.js';
import { safeUrl } from '../../internal/url.js';
import type { CardPayload } from '../../model/recommendation.js';
import { escapeHtml } from '../../share/html.js';
import { goUrl, safeOffers } from '../../share/offers.js';
import type { CardRenderOptions } from './routes.js';

/** Renders `card` as plain HTML (an `<article>`); see the module comment. */
export async function plainCardHtml(card: CardPayload, options: CardRenderOptions): Promise<string> {
  const { product, creator, recommendation } = card;
  const { locale } = options;
  const level = options.view === 'sheet' ? 2 : Math.min(6, Math.max(2, options.headingLevel ?? 2));
  const image = product.images.find((candidate) => safeUrl(candidate.src));
  const offers = safeOffers(card).map(
    ({ offer, partner }) =>
      `<li><span>${escapeHtml(partner.name)}</span> <strong>${escapeHtml(formatMoney(offer.price, locale))}</strong> <span>${escapeHtml(t(locale, `stock_${offer.stock}`))}</span> <a href="${escapeHtml(goUrl(options.redirect, card, offer))}" rel="sponsored" target="_blank">${escapeHtml(t(locale, 'buyAt', { partner: partner.name }))}</a></li>`,
  );
  return `<article class="vitrine-plain" aria-labelledby="title-${escapeHtml(recommendation.id)}">
${image ? `<img src="${escapeHtml(safeUrl(image.src)!)}" width="${image.width}" height="${image.height}" alt="${escapeHtml(image.alt)}" loading="lazy">` : ''}
${recommendation.disclosure === 'none' ? '' : `<p><strong>${escapeHtml(t(locale, `disclosure_${recommendation.disclosure}`))}</strong></p>`}
<h${level} id="title-${escapeHtml(recommendation.id)}">${escapeHtml(product.title)}</h${level}>
<p>${escapeHtml(t(locale, 'recommendedBy', { name: creator.name }))}</p>
<p>${escapeHtml(recommendation.reason)}</p>
<ul>${offers.join('')}</ul>
</article>`;
}
