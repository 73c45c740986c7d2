/**
 * The embed snippet with its fallback: what the composer gives a blogger.
 */
import { primaryOffer } from '../client/offers.js';
import { formatMoney, t } from '../i18n/format.js';
import type { Locale } from '../i18n/messages.js';
import type { CardPayload } from '../model/recommendation.js';
import { escapeHtml } from './html.js';
import { safeOffers, shareUrl } from './offers.js';

/** Options of {@link cardSnippet} and {@link fallbackText}. */
export interface CardSnippetOptions {
  /** The platform's public base URL; the fallback links to its share page `{platformUrl}/r/{id}`. */
  platformUrl: string;
  /** Language of the fallback text (price format, disclosure label). Default `zh-CN`. */
  locale?: Locale | undefined;
}

/**
 * The one-line text of a card's fallback link: `title · price · shop · disclosure`
 * (the disclosure label is never left out when the creator has one; price and
 * shop are the best offer's that can be followed).
 */
export function fallbackText(card: CardPayload, locale: Locale = 'zh-CN'): string {
  const best = safeOffers(card)[0];
  const offer = best?.offer ?? primaryOffer(card);
  const parts = [card.product.title, formatMoney(offer.price, locale)];
  if (best) parts.push(best.partner.name);
  if (card.recommendation.disclosure !== 'none') parts.push(t(locale, `disclosure_${card.recommendation.disclosure}`));
  return parts.join(' · ');
}

/**
 * The embed snippet of a card, with fallback content:
 *
 * ```html
 * <vitrine-card rec="rec-1"><a href="https://…/r/rec-1" rel="sponsored">Title · ¥129.00 · Shop · 广告</a></vitrine-card>
 * ```
 *
 * Where the script runs, `<vitrine-card>` renders the card and its light-DOM
 * link is not shown; where it is stripped (RSS readers, e-mail, hosts that
 * sanitise HTML) the reader still gets a working link to the share page, with
 * the disclosure. Every value is HTML-escaped.
 */
export function cardSnippet(card: CardPayload, options: CardSnippetOptions): string {
  const href = shareUrl(options.platformUrl, card.recommendation.id);
  const text = fallbackText(card, options.locale);
  return `<vitrine-card rec="${escapeHtml(card.recommendation.id)}"><a href="${escapeHtml(href)}" rel="sponsored">${escapeHtml(text)}</a></vitrine-card>`;
}
