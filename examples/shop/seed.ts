/**
 * The shop simulator's catalog comes from the platform's demo seed: every
 * partner with its webhook secret, and the products it offers. (A real shop has
 * its own catalog; the demo shares one file so that links and SKUs match.)
 */
import { DEFAULT_SEED, readSeed, type SeedOrigins } from '../platform/seed.ts';
import type { ShopPartner, ShopProduct } from './server.ts';

export { DEFAULT_SEED };

/**
 * Reads and validates a seed catalog (placeholders filled in with `origins`)
 * and returns its partners as the shop knows them: id, name, webhook secret
 * and products. A product's id is the last segment of its offer URL
 * (`/<partnerId>/p/<productId>`), its SKU the offer's (or the product id).
 */
export async function readShopPartners(
  seedPath: string = DEFAULT_SEED,
  origins: SeedOrigins = { shop: 'http://127.0.0.1:8788', platform: 'http://127.0.0.1:8787' },
): Promise<ShopPartner[]> {
  const catalog = await readSeed(seedPath, origins);
  return catalog.partners.map((partner) => {
    const products: ShopProduct[] = [];
    for (const product of catalog.products) {
      for (const offer of product.offers) {
        if (offer.partnerId !== partner.id) continue;
        const id = /\/p\/([^/?#]+)$/.exec(new URL(offer.url).pathname)?.[1];
        products.push({ id: id ? decodeURIComponent(id) : product.id, sku: offer.sku ?? product.id, title: product.title, price: offer.price });
      }
    }
    return { id: partner.id, name: partner.name, webhookSecret: partner.webhookSecret, products };
  });
}
