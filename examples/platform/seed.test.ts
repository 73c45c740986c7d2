import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DISCLOSURE_KINDS } from 'vitrine';
import { catalog } from 'vitrine/testing';
import { DEFAULT_SEED, demoSeed, fillPlaceholders, readSeed } from './seed.ts';

const ORIGINS = { shop: 'http://127.0.0.1:8788', platform: 'http://127.0.0.1:8787' };
const img = (src: string) => fileURLToPath(new URL(`./public/img/${src.slice(src.lastIndexOf('/') + 1)}`, import.meta.url));

describe('the demo seed', () => {
  it('is a valid catalog: 3 partners, 2 creators (one verified), ≥ 8 products, every disclosure kind', async () => {
    const catalog = await readSeed(DEFAULT_SEED, ORIGINS);
    expect(catalog.partners).toHaveLength(3);
    expect(catalog.partners.every((p) => p.hosts.join() === '127.0.0.1')).toBe(true);
    expect(catalog.creators.map((c) => c.verified).sort()).toEqual([false, true]);
    expect(catalog.products.length).toBeGreaterThanOrEqual(8);
    expect(new Set(catalog.recommendations.map((r) => r.disclosure))).toEqual(new Set(DISCLOSURE_KINDS));
    expect(catalog.recommendations.some((r) => /<script>/.test(r.reason))).toBe(true);
    for (const product of catalog.products) {
      for (const offer of product.offers) expect(offer.url).toBe(`http://127.0.0.1:8788/${offer.partnerId}/p/${product.id}`);
    }
    for (const partner of catalog.partners) expect(partner.checkoutUrl).toBe(`http://127.0.0.1:8788/${partner.id}/checkout`);
  });

  it('ships every image it references: small SVGs whose size matches the declared width and height', async () => {
    const catalog = await readSeed(DEFAULT_SEED, ORIGINS);
    const images = [...catalog.products.flatMap((p) => p.images), ...catalog.creators.map((c) => c.avatar!)];
    for (const image of images) {
      expect(image.src.startsWith('http://127.0.0.1:8787/img/')).toBe(true);
      const svg = readFileSync(img(image.src), 'utf8');
      expect(svg).toContain(`width="${image.width}" height="${image.height}" viewBox="0 0 ${image.width} ${image.height}"`);
      expect(image.alt.length).toBeGreaterThan(0);
    }
    for (const partner of catalog.partners) expect(statSync(img(partner.logo!)).isFile()).toBe(true);
    for (const file of [...images.map((i) => i.src), ...catalog.partners.map((p) => p.logo!)]) {
      expect(statSync(img(file)).size).toBeLessThan(2048);
    }
  });

  it('follows the shop and platform origins it is given', async () => {
    const catalog = await readSeed(DEFAULT_SEED, { shop: 'http://localhost:9100', platform: 'http://127.0.0.1:4000' });
    expect(catalog.partners[0]!.hosts).toEqual(['localhost']);
    expect(catalog.products[0]!.offers[0]!.url).toMatch(/^http:\/\/localhost:9100\//);
    expect(catalog.products[0]!.images[0]!.src).toMatch(/^http:\/\/127\.0\.0\.1:4000\/img\//);
  });

  it('replaces only the known placeholders, everywhere, without touching the input', () => {
    const input = { a: ['{{shop}}/x', { b: '{{platform}}{{platform}}' }], c: '{{shopHost}} {{other}} {{7*7}}', n: 1, z: null };
    expect(fillPlaceholders(input, { shop: 'http://127.0.0.1:8788', platform: 'http://p' })).toEqual({
      a: ['http://127.0.0.1:8788/x', { b: 'http://phttp://p' }],
      c: '127.0.0.1 {{other}} {{7*7}}',
      n: 1,
      z: null,
    });
    expect(input.a[0]).toBe('{{shop}}/x');
  });
});

describe('seed.json', () => {
  it('is the demo catalog of vitrine/testing on the demo origins (regenerate: npx node examples/platform/seed.ts --write)', () => {
    expect(JSON.parse(readFileSync(DEFAULT_SEED, 'utf8'))).toEqual(demoSeed());
  });

  it('keeps the ids, prices, reasons and secrets of the demo catalog', async () => {
    const seed = await readSeed(DEFAULT_SEED, ORIGINS);
    expect(seed.recommendations).toEqual(catalog.recommendations);
    expect(seed.partners.map(({ id, webhookSecret, commissionRateBps }) => ({ id, webhookSecret, commissionRateBps }))).toEqual(
      catalog.partners.map(({ id, webhookSecret, commissionRateBps }) => ({ id, webhookSecret, commissionRateBps })),
    );
    expect(seed.products.map((product) => product.offers.map((offer) => [offer.sku, offer.price]))).toEqual(
      catalog.products.map((product) => product.offers.map((offer) => [offer.sku, offer.price])),
    );
  });
});
