import * as z from 'zod/mini';
import { checkPartnerUrl } from '../attribution/links.js';
import { isVitrineError, ValidationError, type ValidationIssue } from '../errors.js';
import { HttpsUrl } from '../model/common.js';
import { Creator } from '../model/creator.js';
import { Partner } from '../model/partner.js';
import { Product } from '../model/product.js';
import { Recommendation } from '../model/recommendation.js';
import { parse } from '../validate.js';

/** A Standard Webhooks secret: `whsec_` + base64 of 24–64 random bytes. */
export const WebhookSecret = z.string().check(
  z.regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, 'expected a whsec_ secret (base64 of 24–64 bytes)'),
);

/** A creator's API key, sent as `Authorization: Bearer <key>`. */
export const ApiKey = z.string().check(
  z.regex(/^[\x21-\x7e]{16,256}$/, 'expected an API key of 16–256 printable ASCII characters'),
);

/**
 * A seed catalog for a platform: partners with their webhook secrets, creators
 * with their API keys, products and recommendations. Validate it with
 * `parseCatalog`, which also checks references between entries.
 */
export const Catalog = z.object({
  partners: z.array(
    z.extend(Partner, {
      /** The partner's current Standard Webhooks secret: callbacks signed with it are accepted; outgoing webhooks are signed with it. Seeds a NEW partner only: see `setPartnerSecrets`. */
      webhookSecret: WebhookSecret,
      /** Older secrets still accepted (and still signing outgoing webhooks) during a rotation. Seeds a new partner only, like `webhookSecret`. */
      previousWebhookSecrets: z.optional(z.array(WebhookSecret).check(z.maxLength(4))),
      /** Where the platform sends this partner's outgoing webhooks (`order.updated`), signed with `webhookSecret`. */
      webhookUrl: z.optional(HttpsUrl),
    }),
  ),
  creators: z.array(z.extend(Creator, { apiKey: ApiKey })),
  products: z.array(Product),
  recommendations: z.array(Recommendation),
});
/** A validated catalog (partner defaults applied). */
export type Catalog = z.infer<typeof Catalog>;
/** A catalog as written in a seed file (optional partner fields may be left out). */
export type CatalogInput = z.input<typeof Catalog>;

/**
 * Validates a seed catalog: the shape of every entry, then its references —
 * ids unique, API keys unique, every recommendation's creator and product
 * known, every offer's partner known and every offer URL https on one of that
 * partner's allow-listed hosts. Throws a `ValidationError` with code `config`
 * whose issues name the path, e.g. `recommendations.3.productId: unknown product "p9"`.
 */
export function parseCatalog(data: unknown, source: string): Catalog {
  const catalog = parse(Catalog, data, source, 'config');
  const issues: ValidationIssue[] = [];
  const issue = (path: PropertyKey[], message: string) => issues.push({ path, message });

  const index = <T extends { id: string }>(key: keyof Catalog, entries: readonly T[]) => {
    const byId = new Map<string, T>();
    entries.forEach((entry, i) => {
      if (byId.has(entry.id)) issue([key, i, 'id'], `duplicate id "${entry.id}"`);
      else byId.set(entry.id, entry);
    });
    return byId;
  };
  const partners = index('partners', catalog.partners);
  const creators = index('creators', catalog.creators);
  const products = index('products', catalog.products);
  index('recommendations', catalog.recommendations);

  const keys = new Set<string>();
  catalog.creators.forEach((creator, i) => {
    if (keys.has(creator.apiKey)) issue(['creators', i, 'apiKey'], 'duplicate API key');
    keys.add(creator.apiKey);
  });

  catalog.products.forEach((product, i) => {
    product.offers.forEach((offer, j) => {
      const partner = partners.get(offer.partnerId);
      if (!partner) return void issue(['products', i, 'offers', j, 'partnerId'], `unknown partner "${offer.partnerId}"`);
      try {
        checkPartnerUrl(offer.url, partner);
      } catch (error) {
        if (!isVitrineError(error, 'unsafe_link')) throw error;
        issue(['products', i, 'offers', j, 'url'], error.message);
      }
    });
  });

  catalog.recommendations.forEach((rec, i) => {
    if (!creators.has(rec.creatorId)) issue(['recommendations', i, 'creatorId'], `unknown creator "${rec.creatorId}"`);
    const product = products.get(rec.productId);
    if (!product) issue(['recommendations', i, 'productId'], `unknown product "${rec.productId}"`);
    else if (rec.partnerId !== undefined && !product.offers.some((offer) => offer.partnerId === rec.partnerId)) {
      issue(['recommendations', i, 'partnerId'], `partner "${rec.partnerId}" does not sell product "${rec.productId}"`);
    }
  });

  if (issues.length > 0) throw new ValidationError(source, issues, 'config');
  return catalog;
}
