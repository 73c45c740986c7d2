/**
 * Equivalent products for both contenders: card `i` of a page is the same
 * product (title, brand, image URL, price, list price, stock, description) in
 * Vitrine's catalog (served by the reference platform) and in the Storefront
 * API stub (served to Shopify's Buy Button).
 *
 * The products are copies of the demo seed's CNY products (one creator, a
 * zh-CN blog), cycled to any count; every copy has its own ids and its own
 * image URL (same bytes), as distinct products on a real page would.
 */
import { primaryOffer, type CardPayload } from 'vitrine';
import { parseCatalog, type Catalog, type CatalogInput } from 'vitrine/platform';
import { DEFAULT_SEED, fillPlaceholders, readSeedFile } from '../../../examples/platform/seed.ts';

/** Where the partner shops' links point: never followed by the bench. */
export const SHOP_ORIGIN = 'https://shop.bench.example';

/** The seed recommendations the bench cycles through (all priced in CNY). */
const BASE_RECOMMENDATIONS = ['rec-lin-serum', 'rec-lin-sunscreen', 'rec-lin-tea', 'rec-lin-hotpot', 'rec-lin-mooncake'];

/** The recommendation id of card `index` (0-based) on a bench page. */
export const recommendationId = (index: number) => `bench-rec-${index}`;

/** The Storefront product number of card `index` (its gid is `gid://shopify/Product/<n>`). */
export const storefrontProductNumber = (index: number) => index + 1;

/** The catalog of `count` products, validated by the platform's own `parseCatalog`. */
export async function benchCatalog(count: number, imagesOrigin: string): Promise<Catalog> {
  const seed = fillPlaceholders(await readSeedFile(DEFAULT_SEED), { shop: SHOP_ORIGIN, platform: imagesOrigin }) as CatalogInput;
  const bases = BASE_RECOMMENDATIONS.map((id) => {
    const recommendation = seed.recommendations.find((rec) => rec.id === id);
    const product = seed.products.find((item) => item.id === recommendation?.productId);
    if (!recommendation || !product) throw new Error(`bench catalog: the demo seed has no recommendation "${id}" with its product`);
    return { recommendation, product };
  });
  const products: CatalogInput['products'] = [];
  const recommendations: CatalogInput['recommendations'] = [];
  for (let index = 0; index < count; index++) {
    const base = bases[index % bases.length]!;
    const productId = `bench-${base.product.id}-${index}`;
    products.push({
      ...base.product,
      id: productId,
      images: base.product.images.map((image) => ({ ...image, src: `${image.src}?p=${index}` })),
    });
    recommendations.push({ ...base.recommendation, id: recommendationId(index), productId });
  }
  return parseCatalog({ ...seed, products, recommendations }, `bench catalog (${count} products)`);
}

/** Minor units to the Storefront API's decimal string: 19900 → "199.0". */
function decimal(amount: number): string {
  return String(amount / 100).includes('.') ? String(amount / 100) : `${amount / 100}.0`;
}

const money = (price: { amount: number; currency: string }) => ({ amount: decimal(price.amount), currencyCode: price.currency });

/**
 * The Storefront API `Product` node of a card, shaped for the query Buy Button
 * JS 3.0.6 sends (`node(id:) { ...ProductFragment }`, one variant, one image):
 * the card's primary offer is the variant.
 */
export function storefrontProduct(card: CardPayload, number: number): Record<string, unknown> {
  const { product, recommendation } = card;
  const offer = primaryOffer(card);
  const gid = (type: string) => `gid://shopify/${type}/${number}`;
  const images = product.images.map((image, index) => ({
    cursor: `image-${index}`,
    node: { id: `gid://shopify/ProductImage/${number}${index}`, src: image.src, altText: image.alt, width: image.width, height: image.height },
  }));
  const image = images[0]?.node ?? null;
  const compareAt = offer.listPrice ? money(offer.listPrice) : null;
  const available = offer.stock !== 'out_of_stock';
  const description = product.description ?? recommendation.reason;
  return {
    __typename: 'Product',
    id: gid('Product'),
    availableForSale: available,
    createdAt: recommendation.createdAt,
    updatedAt: recommendation.createdAt,
    descriptionHtml: `<p>${description.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`,
    description,
    handle: product.id,
    productType: '',
    title: product.title,
    vendor: product.brand ?? '',
    publishedAt: recommendation.createdAt,
    onlineStoreUrl: offer.url,
    options: [{ id: gid('ProductOption'), name: 'Title', values: ['Default Title'] }],
    images: { pageInfo: { hasNextPage: false, hasPreviousPage: false }, edges: images },
    variants: {
      pageInfo: { hasNextPage: false, hasPreviousPage: false },
      edges: [
        {
          cursor: 'variant-0',
          node: {
            id: gid('ProductVariant'),
            title: 'Default Title',
            price: money(offer.price),
            priceV2: money(offer.price),
            weight: 0,
            available,
            sku: offer.sku ?? null,
            compareAtPrice: compareAt,
            compareAtPriceV2: compareAt,
            image,
            selectedOptions: [{ name: 'Title', value: 'Default Title' }],
            unitPrice: null,
            unitPriceMeasurement: { measuredType: null, quantityUnit: null, quantityValue: 0, referenceUnit: null, referenceValue: 0 },
          },
        },
      ],
    },
  };
}
