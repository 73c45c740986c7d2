/**
 * Which offers a page outside the elements may show and link, and the
 * platform's click-redirect URLs (`GET /go/{recommendationId}?offer=…`).
 */
import { checkPartnerUrl, isSafePartnerUrl } from '../attribution/links.js';
import { featuredOffer, partnerFor, rankOffers } from '../client/offers.js';
import type { OfferLink } from '../client/vitrine.js';
import { UnsafeLinkError } from '../errors.js';
import type { ClickId, EventTrigger } from '../model/attribution.js';
import type { Partner } from '../model/partner.js';
import type { Offer } from '../model/product.js';
import type { CardPayload } from '../model/recommendation.js';

/** An offer whose link is https on one of its partner's allow-listed hosts, with that partner. */
export interface SafeOffer {
  offer: Offer;
  partner: Partner;
  /** The offer's key in `/go/` URLs (see {@link offerKey}). */
  key: string;
}

/**
 * The key of `offer` in `/go/{id}?offer=`: its partner id when the product has
 * one offer at that partner (the usual case, stable when offers are reordered),
 * else `partnerId.N` with the offer's position among that partner's offers.
 */
export function offerKey(card: CardPayload, offer: Offer): string {
  const same = card.product.offers.filter((candidate) => candidate.partnerId === offer.partnerId);
  return same.length === 1 ? offer.partnerId : `${offer.partnerId}.${same.indexOf(offer)}`;
}

/** The offer a key stands for (see {@link offerKey}), or `undefined`. */
export function offerByKey(card: CardPayload, key: string): Offer | undefined {
  return card.product.offers.find((offer) => offerKey(card, offer) === key);
}

/**
 * The offers of `card` that may be shown with a link, in the order the
 * elements show them: the featured offer first (the creator's shop, or the
 * buyable offer that replaces it when it is sold out; see `featuredOffer`),
 * then the others best first (buyable, then cheapest; see `rankOffers`). Only
 * offers whose partner is on the card and whose URL is safe for it: offers
 * with an unsafe link are left out, as the elements leave them unlinked.
 */
export function safeOffers(card: CardPayload): SafeOffer[] {
  const safe = rankOffers(card).flatMap((offer) => {
    const partner = partnerFor(card, offer);
    return partner && isSafePartnerUrl(offer.url, partner) ? [{ offer, partner, key: offerKey(card, offer) }] : [];
  });
  const { offer: featured } = featuredOffer(card, (offer) => safe.some((entry) => entry.offer === offer));
  const first = safe.find((entry) => entry.offer === featured);
  return first ? [first, ...safe.filter((entry) => entry !== first)] : safe;
}

/** Options of {@link goUrl}. */
export interface GoUrlOptions {
  /** A click id minted by the browser (the element's), used by the platform instead of minting one. */
  clickId?: string | undefined;
  /** How the reader got there (`qr` for a QR code); default: a plain `go` click. */
  trigger?: EventTrigger | undefined;
}

/**
 * The platform's redirect for `offer`: `{base}/go/{recommendationId}?offer={key}`.
 * `base` is the platform's public origin (and path prefix), e.g.
 * `https://vitrine.example`. Following it records the click and lands on the
 * decorated partner link.
 */
export function goUrl(base: string, card: CardPayload, offer: Offer, options: GoUrlOptions = {}): string {
  const url = new URL(`${base.replace(/\/+$/, '')}/go/${encodeURIComponent(card.recommendation.id)}`);
  url.searchParams.set('offer', offerKey(card, offer));
  if (options.trigger && options.trigger !== 'go') url.searchParams.set('via', options.trigger);
  if (options.clickId) url.searchParams.set('click', options.clickId);
  return url.href;
}

/** The share page of a recommendation: `{base}/r/{recommendationId}`. */
export function shareUrl(base: string, recommendationId: string): string {
  return `${base.replace(/\/+$/, '')}/r/${encodeURIComponent(recommendationId)}`;
}

/**
 * An offer link through the platform's redirect (`{base}/go/{id}?offer=…`)
 * instead of the decorated partner URL: the platform mints (or takes
 * `clickId`) and records the click, then answers 302 to the decorated link.
 * For server-rendered cards and pages that must work without JavaScript.
 * Throws `UnsafeLinkError` when the offer's own link is unsafe, like
 * `offerLink` (render no link then).
 */
export function redirectLink(card: CardPayload, offer: Offer, base: string, clickId?: ClickId): OfferLink {
  const partner = partnerFor(card, offer);
  if (!partner) throw new UnsafeLinkError(offer.url, `partner ${offer.partnerId} is not on the card`, offer.partnerId);
  checkPartnerUrl(offer.url, partner);
  const { id: recommendationId, creatorId } = card.recommendation;
  return { url: goUrl(base, card, offer, { clickId }), clickId: clickId ?? '', partner, offer, recommendationId, creatorId, via: 'redirect' };
}
