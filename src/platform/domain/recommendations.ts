/**
 * Domain step: a creator publishes a recommendation from a partner product URL.
 */
import { isSafePartnerUrl } from '../../attribution/links.js';
import type { Creator } from '../../model/creator.js';
import type { DisclosureKind, CardPayload, Recommendation } from '../../model/recommendation.js';
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

/** What {@link publishRecommendation} created: the recommendation and its card. */
export interface Published {
  recommendation: Recommendation;
  card: CardPayload | undefined;
}

/**
 * Checks the product URL against the partner allow-list, finds the catalog
 * product sold there and stores a new recommendation for it (`createdAt` is
 * `now`). Refuses with a 422 `PlatformProblem`: `unsafe_link` for a URL that
 * is not https on an allow-listed partner host, `not_found` when no catalog
 * offer of an allowed partner has this URL (query and fragment ignored).
 */
export async function publishRecommendation(store: PlatformStore, input: PublishInput, now: number): Promise<Published> {
  let url: URL;
  try {
    url = new URL(input.productUrl);
  } catch {
    throw new PlatformProblem(422, 'unsafe_link', 'productUrl is not an absolute URL');
  }
  const allowed = (await store.listPartners()).filter((partner) => isSafePartnerUrl(input.productUrl, partner));
  if (allowed.length === 0) {
    throw new PlatformProblem(422, 'unsafe_link', 'productUrl must be an https link to an allow-listed partner shop');
  }
  const found = await store.productByOfferUrl(url);
  if (!found || !allowed.some((partner) => partner.id === found.offer.partnerId)) {
    throw new PlatformProblem(422, 'not_found', 'No catalog product is sold at this productUrl');
  }
  const recommendation: Recommendation = {
    id: randomId(12, 'rec_'),
    creatorId: input.creator.id,
    productId: found.product.id,
    reason: input.reason,
    disclosure: input.disclosure,
    createdAt: new Date(now).toISOString(),
  };
  await store.createRecommendation(recommendation);
  const [card] = await store.cards([recommendation.id]);
  return { recommendation, card };
}
