/**
 * Unfurling: the Open Graph and Twitter/X tags of a card's share page, which
 * microblogs and chat apps read to draw a preview.
 */
import { formatMoney, t } from '../i18n/format.js';
import type { Locale } from '../i18n/messages.js';
import { safeUrl } from '../internal/url.js';
import type { CardPayload } from '../model/recommendation.js';
import { decimalPrice } from './jsonld.js';
import { safeOffers } from './offers.js';

/** One `<meta>` tag: `property` (Open Graph) or `name` (Twitter), and its content. */
export interface MetaTag {
  attribute: 'property' | 'name';
  key: string;
  content: string;
}

/** Options of {@link unfurlTags}. */
export interface UnfurlOptions {
  /** The canonical URL of the page (`og:url`). */
  url: string;
  locale: Locale;
  /** The platform's brand (`og:site_name`), e.g. `Vitrine`. */
  siteName: string;
}

const OG_LOCALES: Record<Locale, string> = { 'zh-CN': 'zh_CN', 'zh-TW': 'zh_TW', en: 'en_US' };

/** The title a share page carries: `Product title · price` (the best offer that can be followed). */
export function shareTitle(card: CardPayload, locale: Locale): string {
  const best = safeOffers(card)[0];
  return best ? `${card.product.title} · ${formatMoney(best.offer.price, locale)}` : card.product.title;
}

/**
 * The unfurl tags of a card, most important first (some unfurlers read only
 * the first bytes of a page): `og:type=product`, title, description (the
 * reason, with the disclosure label first when there is one), URL, image with
 * its width and height and alt, `product:price:amount` / `currency` of the best
 * offer that can be followed, `og:site_name`, `og:locale`, and the Twitter
 * `summary_large_image` card (which falls back to the Open Graph title,
 * description and image). The description is at most 160 characters, so the
 * whole set fits the first 2 KB of a page even in CJK.
 */
export function unfurlTags(card: CardPayload, options: UnfurlOptions): MetaTag[] {
  const { product, recommendation } = card;
  const best = safeOffers(card)[0];
  const image = product.images.find((candidate) => safeUrl(candidate.src));
  const disclosure = recommendation.disclosure === 'none' ? '' : `${t(options.locale, `disclosure_${recommendation.disclosure}`)} · `;
  const description = `${disclosure}${recommendation.reason}`.replace(/\s+/g, ' ').slice(0, 160);
  const title = shareTitle(card, options.locale);
  const og = (key: string, content: string): MetaTag => ({ attribute: 'property', key, content });
  const tw = (key: string, content: string): MetaTag => ({ attribute: 'name', key, content });
  return [
    og('og:type', 'product'),
    og('og:title', title),
    og('og:description', description),
    og('og:url', options.url),
    ...(image
      ? [og('og:image', safeUrl(image.src)!), og('og:image:width', String(image.width)), og('og:image:height', String(image.height)), og('og:image:alt', image.alt)]
      : []),
    ...(best ? [og('product:price:amount', decimalPrice(best.offer.price)), og('product:price:currency', best.offer.price.currency)] : []),
    og('og:site_name', options.siteName),
    og('og:locale', OG_LOCALES[options.locale]),
    // Twitter/X reads og:title, og:description and og:image when its own are absent.
    tw('twitter:card', image ? 'summary_large_image' : 'summary'),
    ...(image ? [tw('twitter:image:alt', image.alt)] : []),
  ];
}
