/**
 * Search snippets: a card as schema.org `Product` JSON-LD with the offers a
 * reader can follow and the creator's review, for the initial HTML of a page
 * (crawlers do not run scripts to find it).
 */
import { minorUnitDigits } from '../i18n/format.js';
import type { Money } from '../model/money.js';
import type { StockState } from '../model/product.js';
import type { CardPayload } from '../model/recommendation.js';
import { safeUrl } from '../internal/url.js';
import { goUrl, safeOffers } from './offers.js';

/** Options of {@link cardJsonLd}. */
export interface CardJsonLdOptions {
  /**
   * The platform's public base URL (e.g. `https://vitrine.example`): each
   * offer's `url` is then its `/go/` redirect, which records the click.
   * Without it, offers carry no `url`.
   */
  platformUrl?: string | undefined;
  /** The page the markup describes (its `url`), e.g. the share page. */
  pageUrl?: string | undefined;
}

/** A JSON-LD object: plain JSON, ready for `JSON.stringify`. */
export type JsonLd = { [key: string]: JsonLdValue };
type JsonLdValue = string | number | boolean | null | JsonLd | JsonLdValue[];

const AVAILABILITY: Record<StockState, string> = {
  in_stock: 'https://schema.org/InStock',
  low_stock: 'https://schema.org/LimitedAvailability',
  out_of_stock: 'https://schema.org/OutOfStock',
  preorder: 'https://schema.org/PreOrder',
};

/** `{ amount: 12900, currency: 'CNY' }` → `"129.00"`: exact decimal digits from minor units. */
export function decimalPrice(money: Money): string {
  const digits = minorUnitDigits(money.currency);
  const units = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  const value = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return money.amount < 0 ? `-${value}` : value;
}

/**
 * The pros and cons written in a reason, one per line: a line starting with
 * `+` (or `👍`) is a pro, one starting with `-`, `−` (or `👎`) a con. Other
 * lines are prose and belong to neither.
 */
export function prosAndCons(reason: string): { pros: string[]; cons: string[] } {
  const pros: string[] = [];
  const cons: string[] = [];
  for (const line of reason.split(/\r?\n/)) {
    const match = /^\s*(\+|👍|-|−|👎)\s*(.+?)\s*$/u.exec(line);
    if (!match) continue;
    (match[1] === '+' || match[1] === '👍' ? pros : cons).push(match[2]!);
  }
  return { pros, cons };
}

const itemList = (names: string[]): JsonLd => ({
  '@type': 'ItemList',
  itemListElement: names.map((name, index) => ({ '@type': 'ListItem', position: index + 1, name })),
});

/**
 * The schema.org markup of a card, for a product snippet on a review page:
 * a `Product` (name, images, brand, description) with one `Offer` per offer a
 * reader may follow (https on an allow-listed host of its partner, as the
 * elements render them; best first), prices as exact decimals of the same
 * minor units the page renders, and a `Review` whose author is the creator and
 * whose body is the reason, with `positiveNotes` / `negativeNotes` when the
 * reason lists pros and cons (see {@link prosAndCons}).
 *
 * Merchant-listing properties (shipping, return policy, GTINs, `priceValidUntil`)
 * are never emitted: the creator recommends, the partner sells. Images with an
 * unsafe URL are left out. Embed with `jsonForScript` inside
 * `<script type="application/ld+json">`.
 */
export function cardJsonLd(card: CardPayload, options: CardJsonLdOptions = {}): JsonLd {
  const { product, creator, recommendation } = card;
  const images = product.images.flatMap((image) => safeUrl(image.src) ?? []);
  const offers = safeOffers(card).map(({ offer, partner }): JsonLd => ({
    '@type': 'Offer',
    price: decimalPrice(offer.price),
    priceCurrency: offer.price.currency,
    availability: AVAILABILITY[offer.stock],
    seller: { '@type': 'Organization', name: partner.name },
    ...(options.platformUrl ? { url: goUrl(options.platformUrl, card, offer) } : {}),
  }));
  const { pros, cons } = prosAndCons(recommendation.reason);
  const review: JsonLd = {
    '@type': 'Review',
    author: { '@type': 'Person', name: creator.name, alternateName: `@${creator.handle}` },
    reviewBody: recommendation.reason,
    datePublished: recommendation.createdAt.slice(0, 10),
    ...(pros.length ? { positiveNotes: itemList(pros) } : {}),
    ...(cons.length ? { negativeNotes: itemList(cons) } : {}),
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    ...(options.pageUrl ? { url: options.pageUrl } : {}),
    ...(images.length ? { image: images } : {}),
    ...(product.description ? { description: product.description } : {}),
    ...(product.brand ? { brand: { '@type': 'Brand', name: product.brand } } : {}),
    ...(offers.length ? { offers } : {}),
    review,
  };
}
