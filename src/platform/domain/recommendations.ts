/**
 * Domain step: a creator publishes a recommendation from a partner product URL.
 */
import { isSafePartnerUrl } from '../../attribution/links.js';
import type { Creator } from '../../model/creator.js';
import type { Offer, Product } from '../../model/product.js';
import type { CardPayload, DisclosureKind, PublishOutcome, Recommendation } from '../../model/recommendation.js';
import { randomId } from '../../internal/ids.js';
import { PlatformProblem } from '../problem.js';
import type { PlatformStore } from '../store/store.js';

/** Input of {@link publishRecommendation}: a validated `PublishRecommendation` body and who sends it. */
export interface PublishInput {
  creator: Creator;
  productUrl: string;
  reason: string;
  disclosure: DisclosureKind;
}

/** What {@link publishRecommendation} did: the recommendation, its card, and whether it was created, found or updated. */
export interface Published {
  recommendation: Recommendation;
  card: CardPayload | undefined;
  outcome: PublishOutcome;
}

/**
 * Checks the product URL against the partner allow-list and finds the catalog
 * offer sold there: the recommendation sells at **that** shop (`partnerId`),
 * the product's other offers being its alternatives. A creator has one
 * recommendation of a product at a shop, so publishing is idempotent by
 * content, across reloads and without an `Idempotency-Key`:
 *
 * - none yet: a new recommendation is stored (`createdAt` is `now`): `created`;
 * - one with the same reason and disclosure: it is returned as it is: `existing`;
 * - one with another reason or disclosure: it is edited in place (same id,
 *   same `createdAt`, so embedded snippets keep working): `updated`.
 *
 * Refuses with a 422 `PlatformProblem`: `unsafe_link` for a URL that is not
 * https on an allow-listed partner host, `not_found` when no catalog offer of
 * an allowed partner has this URL (query and fragment ignored).
 */
export async function publishRecommendation(store: PlatformStore, input: PublishInput, now: number): Promise<Published> {
  const { product, offer } = await offerAt(store, input.productUrl);
  const attempt = () =>
    store.transaction(async (tx): Promise<Omit<Published, 'card'>> => {
      const mine = await tx.creatorRecommendationsOf(input.creator.id, product.id);
      const existing = mine.find((rec) => rec.partnerId === offer.partnerId);
      if (existing && existing.reason === input.reason && existing.disclosure === input.disclosure) return { recommendation: existing, outcome: 'existing' };
      const recommendation: Recommendation = existing
        ? { ...existing, reason: input.reason, disclosure: input.disclosure }
        : {
            id: randomId(12, 'rec_'),
            creatorId: input.creator.id,
            productId: product.id,
            reason: input.reason,
            disclosure: input.disclosure,
            createdAt: new Date(now).toISOString(),
            partnerId: offer.partnerId,
          };
      await tx.createRecommendation(recommendation);
      return { recommendation, outcome: existing ? 'updated' : 'created' };
    });
  // Two first publishes racing: the store's one-per-(creator, product, shop)
  // rule refuses the second insert; run again, and it finds the first one.
  const published = await attempt().catch(() => attempt());
  const [card] = await store.cards([published.recommendation.id]);
  return { ...published, card };
}

/** The catalog offer sold at `productUrl` (see {@link publishRecommendation} for the refusals). */
async function offerAt(store: PlatformStore, productUrl: string): Promise<{ product: Product; offer: Offer }> {
  let url: URL;
  try {
    url = new URL(productUrl);
  } catch {
    throw new PlatformProblem(422, 'unsafe_link', 'productUrl is not an absolute URL');
  }
  const allowed = (await store.listPartners()).filter((partner) => isSafePartnerUrl(productUrl, partner));
  if (allowed.length === 0) {
    throw new PlatformProblem(422, 'unsafe_link', 'productUrl must be an https link to an allow-listed partner shop');
  }
  const found = await store.productByOfferUrl(url);
  if (!found || !allowed.some((partner) => partner.id === found.offer.partnerId)) {
    throw new PlatformProblem(422, 'not_found', 'No catalog product is sold at this productUrl');
  }
  return found;
}

/** What {@link previewRecommendation} answers: the card as it would be published, and what publishing would do. */
export interface Preview {
  /** The card, with the recommendation it would have (`id`: the existing one, or `preview`). */
  card: CardPayload;
  outcome: PublishOutcome;
}

/**
 * A dry run of {@link publishRecommendation}: the same checks and the same
 * card, nothing stored. The composer shows it live, in every layout, while
 * the creator writes, and says whether publishing would create, find or
 * update their recommendation.
 */
export async function previewRecommendation(store: PlatformStore, input: PublishInput, now: number): Promise<Preview> {
  const { product, offer } = await offerAt(store, input.productUrl);
  const existing = (await store.creatorRecommendationsOf(input.creator.id, product.id)).find((rec) => rec.partnerId === offer.partnerId);
  const outcome: PublishOutcome = !existing ? 'created' : existing.reason === input.reason && existing.disclosure === input.disclosure ? 'existing' : 'updated';
  const recommendation: Recommendation = {
    id: existing?.id ?? 'preview',
    creatorId: input.creator.id,
    productId: product.id,
    reason: input.reason,
    disclosure: input.disclosure,
    createdAt: existing?.createdAt ?? new Date(now).toISOString(),
    partnerId: offer.partnerId,
  };
  const partnerIds = new Set(product.offers.map((candidate) => candidate.partnerId));
  const partners = (await store.listPartners()).filter((partner) => partnerIds.has(partner.id));
  return { card: { recommendation, product, creator: input.creator, partners }, outcome };
}
