import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { Creator } from '../model/creator.js';
import { Partner } from '../model/partner.js';
import { CardPayload } from '../model/recommendation.js';
import { parseCatalog } from '../platform/catalog.js';
import { catalog, fixtures } from './fixtures.js';

describe('demo catalog', () => {
  it('is a valid catalog', () => {
    expect(parseCatalog(catalog, 'fixtures')).toEqual(catalog);
  });

  it('covers what integrators need to test', () => {
    expect(catalog.partners.length).toBeGreaterThanOrEqual(3);
    expect(catalog.creators.some((c) => c.verified)).toBe(true);
    expect(catalog.creators.some((c) => !c.verified)).toBe(true);
    expect(catalog.products.length).toBeGreaterThanOrEqual(8);
    expect(catalog.products.filter((p) => new Set(p.offers.map((o) => o.partnerId)).size >= 2).length).toBeGreaterThanOrEqual(3);
    const offers = catalog.products.flatMap((p) => p.offers);
    expect(new Set(offers.map((o) => o.stock))).toEqual(new Set(['in_stock', 'low_stock', 'out_of_stock', 'preorder']));
    expect(new Set(offers.map((o) => o.price.currency))).toEqual(new Set(['CNY', 'USD']));
    expect(offers.some((o) => o.listPrice)).toBe(true);
    expect(new Set(catalog.recommendations.map((r) => r.disclosure))).toEqual(new Set(['commission', 'gifted', 'sponsored', 'none']));
    expect(catalog.recommendations.some((r) => r.reason.includes('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(catalog.recommendations.some((r) => r.reason.length > 200)).toBe(true);
  });

  it('uses only reserved domains and the test image host', () => {
    const urls = JSON.stringify(catalog).match(/https?:\/\/[^"\s]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(20);
    for (const url of urls) expect(new URL(url).hostname).toMatch(/\.(example|test)$/);
    const images = catalog.products.flatMap((p) => p.images);
    for (const image of images) {
      expect(image.src.startsWith('https://img.vitrine.test/')).toBe(true);
      expect(image.sources?.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('fixtures', () => {
  it('exposes public partners and creators without secrets', () => {
    expect(z.parse(z.array(Partner), fixtures.partners)).toHaveLength(3);
    expect(z.parse(z.array(Creator), fixtures.creators)).toHaveLength(2);
    expect(JSON.stringify([fixtures.partners, fixtures.creators, fixtures.creator('creator-lin'), fixtures.partner('partner-hanfang')])).not.toMatch(
      /whsec_|apiKey|webhookSecret/,
    );
  });

  it('builds card payloads and returns fresh copies', () => {
    const [card] = fixtures.cards(['rec-lin-serum']);
    expect(z.parse(CardPayload, card).partners.map((p) => p.id)).toEqual(['partner-hanfang', 'partner-jingxuan']);
    card!.recommendation.reason = 'changed';
    expect(fixtures.card('rec-lin-serum').recommendation.reason).not.toBe('changed');
    expect(() => fixtures.card('rec-nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('hands out the demo credentials', () => {
    expect(fixtures.apiKey('creator-sam').length).toBeGreaterThanOrEqual(16);
    expect(fixtures.webhookSecret('partner-gadgetbay')).toMatch(/^whsec_/);
  });
});
