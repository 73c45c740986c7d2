import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isValidationError } from '../errors.js';
import { signHeaders } from '../server/webhooks.js';
import { catalog, createTestPlatform, fixtures, handlers } from './index.js';

const API = 'https://api.vitrine.test';
const NOW = Date.parse('2026-11-20T08:00:00Z');
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describe('createTestPlatform', () => {
  beforeEach(() => server.resetHandlers(...createTestPlatform({ now: () => NOW }).handlers));

  it('serves the demo catalog through plain fetch', async () => {
    const response = await fetch(`${API}/v1/cards?ids=rec-lin-serum,rec-sam-hostile`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ cards: fixtures.cards(['rec-lin-serum', 'rec-sam-hostile']), missing: [] });
    const { partners } = await (await fetch(`${API}/v1/partners`)).json();
    expect(partners).toEqual(fixtures.partners);
  });

  it('runs the attribution loop: beacon click, signed conversion, order lookup', async () => {
    const clickId = 'AAAAAAAAAAAAAAAAAAAAAA';
    const beacon = JSON.stringify({
      events: [
        {
          id: 'evt-0000000000000001',
          type: 'click',
          at: new Date(NOW - 60_000).toISOString(),
          recommendationId: 'rec-lin-tea',
          creatorId: 'creator-lin',
          partnerId: 'partner-jingxuan',
          clickId,
        },
      ],
    });
    const events = await fetch(`${API}/v1/events`, { method: 'POST', body: beacon, headers: { 'content-type': 'text/plain' } });
    expect(await events.json()).toEqual({ accepted: 1, duplicates: 0, filtered: 0 });

    const body = JSON.stringify({
      type: 'order.status',
      orderId: 'JX-42',
      status: 'paid',
      clickId,
      occurredAt: new Date(NOW).toISOString(),
      currency: 'CNY',
      lines: [{ sku: 'JX-200877', title: '明前龙井茶', quantity: 2, amount: 71600 }],
    });
    const headers = await signHeaders({ body, secret: fixtures.webhookSecret('partner-jingxuan'), now: () => NOW });
    const conversion = await fetch(`${API}/v1/partner/conversions?partner=partner-jingxuan`, {
      method: 'POST',
      body,
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(await conversion.json()).toMatchObject({ status: 'paid', attributed: true });

    const lookup = await fetch(`${API}/v1/orders/lookup`, { method: 'POST', body: JSON.stringify({ clickIds: [clickId] }), headers: { 'content-type': 'application/json' } });
    const { orders } = await lookup.json();
    expect(orders).toMatchObject([{ partnerOrderId: 'JX-42', creatorId: 'creator-lin', lines: [{ recommendationId: 'rec-lin-tea' }] }]);

    const stats = await fetch(`${API}/v1/creators/creator-lin/stats`, { headers: { authorization: `Bearer ${fixtures.apiKey('creator-lin')}` } });
    const tea = (await stats.json()).recommendations.find((r: { recommendationId: string }) => r.recommendationId === 'rec-lin-tea');
    expect(tea).toMatchObject({ clicks: 1, orders: 1, commissionPending: [{ amount: 2864, currency: 'CNY' }] });
  });

  it('keeps each platform’s state to itself', async () => {
    const a = createTestPlatform();
    const b = createTestPlatform();
    await a.store.insertEvents([
      { id: 'evt-0000000000000009', type: 'impression', at: new Date(NOW).toISOString(), recommendationId: 'rec-lin-tea', creatorId: 'creator-lin' },
    ]);
    const impressions = async (p: typeof a) => (await p.store.creatorStats('creator-lin')).find((r) => r.recommendationId === 'rec-lin-tea')!.impressions;
    expect(await impressions(a)).toBe(1);
    expect(await impressions(b)).toBe(0);
  });

  it('answers under a custom base URL with a custom catalog', async () => {
    const only = { ...catalog, recommendations: catalog.recommendations.filter((r) => r.id === 'rec-sam-hostile') };
    server.resetHandlers(...createTestPlatform({ api: 'https://platform.example/api/', catalog: only }).handlers);
    const body = await (await fetch('https://platform.example/api/v1/cards?ids=rec-sam-hostile,rec-lin-serum')).json();
    expect(body.missing).toEqual(['rec-lin-serum']);
    expect(body.cards[0].recommendation.reason).toContain('<script>alert("xss")</script>');
    const unknown = await fetch('https://platform.example/api/v1/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers no-store unless httpCache is asked for, so overrides are never bypassed by a cache', async () => {
    const url = 'https://api.vitrine.test/v1/cards?ids=rec-lin-serum';
    expect((await fetch(url)).headers.get('cache-control')).toBe('no-store');
    server.resetHandlers(...createTestPlatform({ httpCache: true }).handlers);
    expect((await fetch(url)).headers.get('cache-control')).toMatch(/max-age=\d+/);
  });

  it('refuses an invalid catalog', () => {
    const broken = { ...catalog, recommendations: [{ ...catalog.recommendations[0]!, productId: 'prod-missing' }] };
    let error: unknown;
    try {
      createTestPlatform({ catalog: broken });
    } catch (caught) {
      error = caught;
    }
    expect(isValidationError(error) && error.code === 'config').toBe(true);
  });
});

describe('handlers (default export)', () => {
  it('serves the demo catalog at https://api.vitrine.test', async () => {
    server.resetHandlers(...handlers);
    const response = await fetch(`${API}/v1/creators/creator-sam/showcase?limit=2`);
    const page = await response.json();
    expect(page.cards.map((c: { recommendation: { id: string } }) => c.recommendation.id)).toEqual(['rec-sam-hostile', 'rec-sam-powerbank']);
    expect(page.nextCursor).toEqual(expect.any(String));
  });
});
