import * as z from 'zod/mini';
import { Id, list, oneOf, text, Timestamp, upTo } from './common.js';
import { Creator } from './creator.js';
import { Partner } from './partner.js';
import { Product } from './product.js';

/**
 * Why the creator is connected to the product. Anything but `none` must be shown
 * as a disclosure label on the card (FTC 16 CFR 255; 「广告」 in China):
 * - `commission`: the creator earns commission on sales (every Vitrine link does);
 * - `gifted`: the creator received the product for free;
 * - `sponsored`: the creator was paid to post.
 */
export const DISCLOSURE_KINDS = ['commission', 'gifted', 'sponsored', 'none'] as const;
export const DisclosureKind = oneOf(DISCLOSURE_KINDS);
export type DisclosureKind = z.infer<typeof DisclosureKind>;

export const Recommendation = z.object({
  id: Id,
  creatorId: Id,
  productId: Id,
  /** The creator's recommendation reason, plain text. */
  reason: text(2000),
  disclosure: DisclosureKind,
  createdAt: Timestamp,
  /**
   * The partner shop of the product link the creator published. Its offer is
   * the card's buy button while it is in stock; the other offers of the product
   * are alternatives (and take over, recorded as a swap, when it sells out).
   * Absent: the best offer (in stock, then cheapest) is featured.
   */
  partnerId: z.optional(Id),
});
export type Recommendation = z.infer<typeof Recommendation>;

/** Everything a card needs, in one payload: `GET /v1/cards` returns a list of these. */
export const CardPayload = z.object({
  recommendation: Recommendation,
  product: Product,
  creator: Creator,
  /** The partners referenced by `product.offers`, with their allow-listed hosts. */
  partners: list(Partner, 1),
});
export type CardPayload = z.infer<typeof CardPayload>;

/**
 * Most recommendation ids one `GET /v1/cards` request carries: the client splits
 * larger batches, the platform refuses more. One constant for both sides.
 */
export const MAX_CARDS_PER_REQUEST = 100;

/** `GET /v1/cards?ids=…`: cards are validated one by one, so one bad card never fails the others. */
export const CardsResponse = z.object({
  cards: z.array(z.unknown()),
  /** Requested ids the platform does not know. */
  missing: z._default(z.array(z.string()), []),
});
export type CardsResponse = z.infer<typeof CardsResponse>;

/** `GET /v1/creators/{id}/showcase`: one page of a creator's recommendations. */
export const ShowcasePage = z.object({
  creator: Creator,
  cards: z.array(CardPayload),
  /** Pass as `cursor` to get the next page; `null` on the last page. */
  nextCursor: z.nullable(upTo(200)),
});
export type ShowcasePage = z.infer<typeof ShowcasePage>;

/** `POST /v1/recommendations` body. */
export const PublishRecommendation = z.object({
  /** The partner's product page; must be https on an allow-listed host. */
  productUrl: upTo(2048),
  reason: text(2000),
  disclosure: z._default(DisclosureKind, 'commission'),
});
export type PublishRecommendation = z.input<typeof PublishRecommendation>;

/**
 * What publishing did: `created` a new recommendation, found an `existing`
 * one with the same product, shop, reason and disclosure (a republish is
 * idempotent, across reloads too), or `updated` the reason or disclosure of
 * the creator's recommendation of that product at that shop.
 */
export const PUBLISH_OUTCOMES = ['created', 'existing', 'updated'] as const;
export const PublishOutcome = z.enum(PUBLISH_OUTCOMES);
export type PublishOutcome = z.infer<typeof PublishOutcome>;

/**
 * `GET /v1/cards/{id}/share`, the fields the SDK reads: how to share a
 * recommendation where links work (`url`, its share page) and where they do
 * not (`code`, a share token to copy, resolved by `tokenUrl` or any share
 * page's code box). The platform also sends `token`, `qr` (`svg`, `url`,
 * `affiliated`, `partnerId`, `note`) and `text`; see docs/share-pages.md.
 */
export const ShareInfo = z.object({
  recommendationId: Id,
  url: z.string(),
  /** The share token as shown to be copied, e.g. `VT-ABCDE-12345`. */
  code: z.string().check(z.maxLength(20)),
  tokenUrl: z.string(),
});
export type ShareInfo = z.infer<typeof ShareInfo>;
