import { describe, expect, it } from 'vitest';
import { isValidationError, type ValidationError } from '../errors.js';
import { catalog } from '../testing/fixtures.js';
import { parseCatalog } from './catalog.js';

/** A deep copy of the demo catalog, changed by `edit`. */
function edited(edit: (copy: any) => void): unknown {
  const copy = structuredClone(catalog) as any;
  edit(copy);
  return copy;
}

function failure(data: unknown): ValidationError {
  try {
    parseCatalog(data, 'seed.json');
  } catch (error) {
    if (isValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected parseCatalog to throw');
}

describe('parseCatalog', () => {
  it('accepts the demo catalog and applies partner defaults', () => {
    const input = edited((c) => delete c.partners[0].attributionModel);
    expect(parseCatalog(input, 'seed.json').partners[0]!.attributionModel).toBe('last_click');
  });

  it.each([
    ['an unknown product', (c: any) => (c.recommendations[3].productId = 'p9'), 'seed.json: recommendations.3.productId: unknown product "p9"'],
    ['an unknown creator', (c: any) => (c.recommendations[0].creatorId = 'creator-x'), 'recommendations.0.creatorId: unknown creator "creator-x"'],
    ['an unknown partner', (c: any) => (c.products[1].offers[0].partnerId = 'partner-x'), 'products.1.offers.0.partnerId: unknown partner "partner-x"'],
    ['an offer off the allow-list', (c: any) => (c.products[0].offers[1].url = 'https://shop.hanfang.example/item/1'), 'products.0.offers.1.url: Refusing link'],
    ['a duplicate id', (c: any) => (c.products[1].id = 'prod-serum'), 'products.1.id: duplicate id "prod-serum"'],
    ['a duplicate API key', (c: any) => (c.creators[1].apiKey = c.creators[0].apiKey), 'creators.1.apiKey: duplicate API key'],
    ['a short API key', (c: any) => (c.creators[0].apiKey = 'short'), 'creators.0.apiKey'],
    ['a malformed webhook secret', (c: any) => (c.partners[0].webhookSecret = 'secret'), 'partners.0.webhookSecret'],
    ['a javascript: offer URL', (c: any) => (c.products[0].offers[0].url = 'javascript:alert(1)'), 'products.0.offers.0.url'],
  ])('refuses %s, naming the path', (_what, edit, message) => {
    const error = failure(edited(edit));
    expect(error.code).toBe('config');
    expect(error.source).toBe('seed.json');
    expect(error.message).toContain(message);
  });

  it('reports every broken reference at once', () => {
    const error = failure(edited((c) => {
      c.recommendations[0].productId = 'p1';
      c.recommendations[1].productId = 'p2';
    }));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['recommendations', 0, 'productId'],
      ['recommendations', 1, 'productId'],
    ]);
  });

  it('refuses data that is not a catalog', () => {
    expect(failure(null).code).toBe('config');
    expect(failure({ partners: [] }).message).toContain('creators');
  });
});
