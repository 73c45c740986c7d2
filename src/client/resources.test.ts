import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationError, VitrineError } from '../errors.js';
import { fixtures } from '../testing/index.js';
import { createVitrine } from './vitrine.js';

/** Every list payload is validated item by item: one bad item is dropped and reported, never the list. */
const api = 'https://api.vitrine.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const lin = fixtures.creator('creator-lin');
const [serum, tea, sunscreen] = fixtures.cards(['rec-lin-serum', 'rec-lin-tea', 'rec-lin-sunscreen']);
const broken = (card: typeof serum) => ({ ...card, product: { ...card!.product, title: '' } });

function client() {
  const errors: VitrineError[] = [];
  const vitrine = createVitrine({ api, storage: null, retry: 0, onError: (error) => errors.push(error) });
  return { vitrine, errors };
}

describe('list payloads, item by item', () => {
  it('a showcase page keeps its valid cards, lists and reports the bad one', async () => {
    server.use(http.get(`${api}/v1/creators/creator-lin/showcase`, () => HttpResponse.json({ creator: lin, cards: [serum, broken(tea), 42, sunscreen], nextCursor: null })));
    const { vitrine, errors } = client();
    const page = await vitrine.showcase.page('creator-lin');
    expect(page.cards.map((card) => card.recommendation.id)).toEqual(['rec-lin-serum', 'rec-lin-sunscreen']);
    expect(page.dropped.map((error) => error.source)).toEqual([
      'GET /v1/creators/creator-lin/showcase (item 1 rec-lin-tea, dropped)',
      'GET /v1/creators/creator-lin/showcase (item 2, dropped)',
    ]);
    expect(errors).toEqual(page.dropped);
    expect(page.dropped[0]).toMatchObject({ code: 'invalid_response', name: 'ValidationError' });
    expect((page.dropped[0] as ValidationError).issues[0]!.path).toEqual(['cards', 1, 'product', 'title']);
    // The valid cards are cached: a later get() needs no request.
    await expect(vitrine.cards.get('rec-lin-sunscreen')).resolves.toMatchObject({ recommendation: { id: 'rec-lin-sunscreen' } });
  });

  it('a call can take the reports itself with onInvalidItem', async () => {
    server.use(http.get(`${api}/v1/creators/creator-lin/showcase`, () => HttpResponse.json({ creator: lin, cards: [broken(serum)], nextCursor: null })));
    const { vitrine, errors } = client();
    const mine: ValidationError[] = [];
    const page = await vitrine.showcase.page('creator-lin', { onInvalidItem: (error) => mine.push(error) });
    expect(page.cards).toEqual([]);
    expect(mine).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('find() for a creator: a malformed card answers for its own product only', async () => {
    server.use(http.get(`${api}/v1/creators/creator-lin/showcase`, () => HttpResponse.json({ creator: lin, cards: [broken(serum), tea, { junk: true }], nextCursor: null })));
    const { vitrine, errors } = client();
    await expect(vitrine.showcase.find('creator-lin', tea!.product.id)).resolves.toMatchObject({ recommendation: { id: 'rec-lin-tea' } });
    await expect(vitrine.showcase.find('creator-lin', serum!.product.id)).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(vitrine.showcase.find('creator-lin', 'no-such-product')).rejects.toMatchObject({ code: 'not_found' });
    expect(errors).toHaveLength(2); // reported once, by the one shared scan
  });

  it('order lookups drop and report a malformed order', async () => {
    const order = (id: string, status: string) => ({
      id,
      partnerId: 'partner-hanfang',
      partnerOrderId: id,
      clickId: 'AAAAAAAAAAAAAAAAAAAAAA',
      creatorId: 'creator-lin',
      status,
      timeline: [{ status: 'placed', at: '2026-11-22T03:00:00Z' }],
      lines: [{ title: 'Serum', quantity: 1, amount: { amount: 12900, currency: 'CNY' } }],
      total: { amount: 12900, currency: 'CNY' },
    });
    server.use(http.post(`${api}/v1/orders/lookup`, () => HttpResponse.json({ orders: [order('o1', 'placed'), order('o2', 'teleported'), order('o3', 'placed')] })));
    const { vitrine, errors } = client();
    const orders = await vitrine.orders.lookup(['AAAAAAAAAAAAAAAAAAAAAA']);
    expect(orders.map((entry) => entry.id)).toEqual(['o1', 'o3']);
    expect(errors.map((error) => (error as ValidationError).source)).toEqual(['POST /v1/orders/lookup (item 1 o2, dropped)']);
  });

  it('the partner registry drops and reports a malformed partner', async () => {
    const [first, second] = fixtures.partners;
    server.use(http.get(`${api}/v1/partners`, () => HttpResponse.json({ partners: [first, { ...second, hosts: [] }] })));
    const { vitrine, errors } = client();
    expect((await vitrine.partners.list()).map((partner) => partner.id)).toEqual([first!.id]);
    expect(errors).toHaveLength(1);
    await expect(vitrine.partners.get(second!.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a list that is not a list still fails as a whole', async () => {
    server.use(http.get(`${api}/v1/creators/creator-lin/showcase`, () => HttpResponse.json({ creator: lin, cards: 'nope', nextCursor: null })));
    await expect(client().vitrine.showcase.page('creator-lin')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('maxResponseBytes', () => {
  it('is validated, and a larger response fails with response_too_large', async () => {
    expect(() => createVitrine({ api, maxResponseBytes: 10 })).toThrow(expect.objectContaining({ code: 'config' }));
    server.use(http.get(`${api}/v1/partners`, () => HttpResponse.json({ partners: fixtures.partners, padding: 'x'.repeat(5000) })));
    const vitrine = createVitrine({ api, storage: null, retry: 0, maxResponseBytes: 4096 });
    await expect(vitrine.partners.list()).rejects.toMatchObject({ code: 'response_too_large', limit: 4096 });
  });
});
