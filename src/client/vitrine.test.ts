import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LINK_PARAMS } from '../model/attribution.js';
import { isHttpError, isVitrineError } from '../errors.js';
import { signHeaders } from '../server/webhooks.js';
import { createTestPlatform, fixtures } from '../testing/index.js';
import { createVitrine, type VitrineOptions } from './vitrine.js';
import { MAX_CARDS_PER_REQUEST } from './cards.js';

const api = 'https://api.vitrine.test';
const server = setupServer();
let requests: URL[] = [];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  requests = [];
  server.resetHandlers(...createTestPlatform().handlers);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const counting: typeof fetch = (input, init) => {
  requests.push(new URL(input instanceof Request ? input.url : String(input)));
  return fetch(input, init);
};

function client(options: Partial<VitrineOptions> = {}) {
  return createVitrine({ api, storage: null, fetch: counting, retry: 0, ...options });
}

describe('createVitrine options', () => {
  it.each([
    [{ api: 'not a url' }],
    [{ api: 'http://api.vitrine.test' }],
    [{ api: 'javascript:alert(1)' }],
    [{ api, consent: 'maybe' as never }],
    [{ api, timeout: -1 }],
  ])('rejects %j with a config error', (options) => {
    expect(() => createVitrine(options as VitrineOptions)).toThrow(expect.objectContaining({ code: 'config', name: 'ValidationError' }));
  });

  it('allows http only on loopback hosts, and trims trailing slashes', () => {
    expect(createVitrine({ api: 'http://127.0.0.1:8787/', storage: null }).api).toBe('http://127.0.0.1:8787');
    expect(createVitrine({ api: 'http://localhost:8787', storage: null }).api).toBe('http://localhost:8787');
  });

  it('maps any locale tag to a shipped locale', () => {
    expect(client({ locale: 'zh-Hant-HK' }).locale).toBe('zh-TW');
    expect(client({ locale: 'de' }).locale).toBe('en');
  });
});

describe('cards', () => {
  it('batches every get() of one tick into one de-duplicated request', async () => {
    const vitrine = client();
    const ids = ['rec-lin-serum', 'rec-lin-tea', 'rec-sam-earbuds', 'rec-lin-serum'];
    const cards = await Promise.all(ids.map((id) => vitrine.cards.get(id)));
    expect(cards.map((card) => card.recommendation.id)).toEqual(ids);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.searchParams.get('ids')?.split(',')).toEqual(['rec-lin-serum', 'rec-lin-tea', 'rec-sam-earbuds']);
  });

  it('caches cards: a second get makes no request', async () => {
    const vitrine = client();
    await vitrine.cards.get('rec-lin-serum');
    await vitrine.cards.get('rec-lin-serum');
    expect(requests).toHaveLength(1);
  });

  it('peeks at loaded and primed cards synchronously, never at pending, failed or invalidated ones', async () => {
    const vitrine = client();
    const pending = vitrine.cards.get('rec-lin-serum');
    expect(vitrine.cards.peek('rec-lin-serum')).toBeUndefined();
    const card = await pending;
    expect(vitrine.cards.peek('rec-lin-serum')).toBe(card);
    await vitrine.cards.get('rec-nope').catch(() => {});
    expect(vitrine.cards.peek('rec-nope')).toBeUndefined();
    vitrine.cards.invalidate('rec-lin-serum');
    expect(vitrine.cards.peek('rec-lin-serum')).toBeUndefined();
    const tea = fixtures.card('rec-lin-tea');
    vitrine.cards.prime(tea);
    expect(vitrine.cards.peek('rec-lin-tea')).toBe(tea);
    vitrine.cards.invalidate();
    expect(vitrine.cards.peek('rec-lin-tea')).toBeUndefined();
    expect(requests).toHaveLength(2);
  });

  it('rejects unknown ids with not_found without failing the others', async () => {
    const vitrine = client();
    const [found, missing] = await vitrine.cards.getMany(['rec-lin-serum', 'rec-nope']);
    expect(found?.status).toBe('fulfilled');
    expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
  });

  it('isolates a malformed card: only that card fails, with the path in its error', async () => {
    const [good, bad] = fixtures.cards(['rec-lin-serum', 'rec-lin-tea']);
    const broken = { ...bad, product: { ...bad!.product, offers: [{ ...bad!.product.offers[0], price: { amount: 12.5, currency: 'CNY' } }] } };
    server.use(http.get(`${api}/v1/cards`, () => HttpResponse.json({ cards: [good, broken], missing: [] })));
    const [first, second] = await client().cards.getMany(['rec-lin-serum', 'rec-lin-tea']);
    expect(first?.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'invalid_response' } });
    expect((second as PromiseRejectedResult).reason.message).toContain('product.offers.0.price.amount');
  });

  it('rejects every card of a failed batch with an HttpError carrying the problem, then retries on the next get', async () => {
    server.use(
      http.get(`${api}/v1/cards`, () =>
        HttpResponse.json({ type: 'about:blank', title: 'Unavailable', status: 503, code: 'maintenance' }, { status: 503, headers: { 'content-type': 'application/problem+json' } }),
        { once: true },
      ),
    );
    const vitrine = client();
    const error = await vitrine.cards.get('rec-lin-serum').catch((caught: unknown) => caught);
    expect(isHttpError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'http', status: 503, problem: { code: 'maintenance' } });
    await expect(vitrine.cards.get('rec-lin-serum')).resolves.toMatchObject({ recommendation: { id: 'rec-lin-serum' } });
  });

  it('reports network failures and timeouts with their own codes', async () => {
    server.use(http.get(`${api}/v1/cards`, () => HttpResponse.error(), { once: true }));
    await expect(client().cards.get('rec-lin-serum')).rejects.toMatchObject({ code: 'network', name: 'RequestError' });
    server.use(
      http.get(`${api}/v1/cards`, async () => {
        await delay(200);
        return HttpResponse.json({ cards: [], missing: [] });
      }),
    );
    await expect(client({ timeout: 20 }).cards.get('rec-lin-serum')).rejects.toMatchObject({ code: 'timeout' });
  });

  it('rejects a body that is not JSON as invalid_response', async () => {
    server.use(http.get(`${api}/v1/cards`, () => new HttpResponse('<html>oops</html>', { headers: { 'content-type': 'application/json' } })));
    await expect(client().cards.get('rec-lin-serum')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('validates ids before sending anything', async () => {
    await expect(client().cards.get('../../etc/passwd')).rejects.toMatchObject({ code: 'invalid_input' });
    expect(requests).toHaveLength(0);
  });

  it('lets one caller abort without cancelling the shared request', async () => {
    const vitrine = client();
    const controller = new AbortController();
    const aborted = vitrine.cards.get('rec-lin-serum', { signal: controller.signal });
    const other = vitrine.cards.get('rec-lin-serum');
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    await expect(other).resolves.toMatchObject({ recommendation: { id: 'rec-lin-serum' } });
  });

  it('splits batches larger than MAX_CARDS_PER_REQUEST (100) ids', async () => {
    server.use(
      http.get(`${api}/v1/cards`, ({ request }) => {
        const ids = new URL(request.url).searchParams.get('ids')!.split(',');
        return HttpResponse.json({ cards: [], missing: ids });
      }),
    );
    const vitrine = client();
    const ids = Array.from({ length: 230 }, (_, index) => `rec-${index}`);
    const results = await vitrine.cards.getMany(ids);
    expect(MAX_CARDS_PER_REQUEST).toBe(100);
    expect(requests.map((url) => url.searchParams.get('ids')!.split(',').length)).toEqual([100, 100, 30]);
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
  });
});

describe('showcase', () => {
  it('walks every page and primes the card cache', async () => {
    const vitrine = client();
    const seen: string[] = [];
    for await (const page of vitrine.showcase.pages('creator-lin', { limit: 2 })) {
      seen.push(...page.cards.map((card) => card.recommendation.id));
      expect(page.creator.id).toBe('creator-lin');
    }
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    const before = requests.length;
    await vitrine.cards.get(seen[0]!);
    expect(requests).toHaveLength(before);
  });

  it('finds a creator\'s recommendation of a product with one shared scan of the showcase', async () => {
    const vitrine = client();
    const [sam, lin, again] = await Promise.all([
      vitrine.showcase.find('creator-sam', 'prod-earbuds'),
      vitrine.showcase.find('creator-lin', 'prod-earbuds'),
      vitrine.showcase.find('creator-sam', 'prod-keyboard'),
    ]);
    expect(sam.recommendation.id).toBe('rec-sam-earbuds');
    expect(lin.recommendation.id).toBe('rec-lin-earbuds');
    expect(again.recommendation.id).toBe('rec-sam-keyboard');
    const showcaseRequests = () => requests.filter((url) => url.pathname.endsWith('/showcase'));
    expect(showcaseRequests().map((url) => url.pathname)).toEqual(['/v1/creators/creator-sam/showcase', '/v1/creators/creator-lin/showcase']);
    await expect(vitrine.showcase.find('creator-sam', 'prod-serum')).rejects.toMatchObject({ code: 'not_found' });
    expect(showcaseRequests()).toHaveLength(2);
    await expect(vitrine.showcase.find('creator-sam', '../x')).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('retries a failed showcase scan on the next find', async () => {
    server.use(http.get(`${api}/v1/creators/:id/showcase`, () => HttpResponse.json({ title: 'Down', status: 503 }, { status: 503 }), { once: true }));
    const vitrine = client();
    await expect(vitrine.showcase.find('creator-lin', 'prod-serum')).rejects.toMatchObject({ code: 'http', status: 503 });
    await expect(vitrine.showcase.find('creator-lin', 'prod-serum')).resolves.toMatchObject({ recommendation: { id: 'rec-lin-serum' } });
  });

  it('rejects an out-of-range limit', async () => {
    await expect(client().showcase.page('creator-lin', { limit: 500 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('partners', () => {
  it('fetches the registry once', async () => {
    const vitrine = client();
    const [all, one] = await Promise.all([vitrine.partners.list(), vitrine.partners.get(fixtures.partners[0]!.id)]);
    expect(all.length).toBe(fixtures.partners.length);
    expect(one.id).toBe(fixtures.partners[0]!.id);
    expect(requests).toHaveLength(1);
    await expect(vitrine.partners.get('partner-nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('creator endpoints', () => {
  it('needs the right key for stats', async () => {
    const vitrine = client();
    await expect(vitrine.creators.stats('creator-lin', { apiKey: 'short' })).rejects.toMatchObject({ code: 'config' });
    const error = await vitrine.creators.stats('creator-lin', { apiKey: 'x'.repeat(32) }).catch((caught: unknown) => caught);
    expect(isHttpError(error) && [401, 403].includes(error.status)).toBe(true);
    const stats = await vitrine.creators.stats('creator-lin', { apiKey: fixtures.apiKey('creator-lin') });
    expect(stats.creatorId).toBe('creator-lin');
  });

  it('asks for a range of stats, validated before any request, and gets the series, placements and filtered traffic', async () => {
    const vitrine = client();
    const apiKey = fixtures.apiKey('creator-lin');
    const range = { from: '2026-11-24T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', bucket: 'day', timeZone: 'Asia/Shanghai' } as const;
    const stats = await vitrine.creators.stats('creator-lin', { apiKey, range });
    expect(stats.range).toEqual({ from: '2026-11-23T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', bucket: 'day', timeZone: 'Asia/Shanghai' });
    expect(stats.series).toHaveLength(7);
    expect(stats.placements).toEqual([]);
    expect(stats.filtered).toEqual({ total: 0, byReason: {} });
    const asked = requests.find((url) => url.pathname.endsWith('/stats'))!;
    expect(Object.fromEntries(asked.searchParams)).toEqual({ from: '2026-11-23T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', bucket: 'day', tz: 'Asia/Shanghai' });

    const count = requests.length;
    for (const bad of [
      { ...range, from: 'yesterday' },
      { ...range, from: range.to, to: range.from },
      { ...range, bucket: 'hour', from: '2026-01-01T00:00:00Z' },
      { ...range, bucket: 'week' },
      { ...range, timeZone: 'Mars/Olympus Mons' },
    ]) {
      await expect(vitrine.creators.stats('creator-lin', { apiKey, range: bad as never })).rejects.toMatchObject({ code: 'invalid_input' });
    }
    expect(requests).toHaveLength(count);

    const url = new URL(await vitrine.creators.statsStreamUrl({ apiKey, range }));
    expect(url.pathname).toBe('/v1/stream/stats');
    expect(url.searchParams.get('token')).toBeTruthy();
    expect(url.searchParams.get('bucket')).toBe('day');
    expect(url.searchParams.get('tz')).toBe('Asia/Shanghai');
  });

  it('publishes only allow-listed https product links', async () => {
    const vitrine = client();
    const apiKey = fixtures.apiKey('creator-lin');
    const offer = fixtures.card('rec-lin-serum').product.offers[0]!;
    const published = await vitrine.creators.publish({ productUrl: offer.url, reason: '夏天也不闷痘，推荐！' }, { apiKey, idempotencyKey: 'k-1' });
    expect(published.card.product.offers.some((candidate) => candidate.url === offer.url)).toBe(true);
    const again = await vitrine.creators.publish({ productUrl: offer.url, reason: '夏天也不闷痘，推荐！' }, { apiKey, idempotencyKey: 'k-1' });
    expect(again.recommendation.id).toBe(published.recommendation.id);
    const error = await vitrine.creators
      .publish({ productUrl: 'https://evil.example/p/1', reason: 'nope' }, { apiKey })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'http', status: 422, problem: { code: 'unsafe_link' } });
  });
});

describe('attribution', () => {
  it('decorates the offer link with a fresh click id, the creator and the recommendation', async () => {
    const vitrine = client();
    const card = await vitrine.cards.get('rec-lin-serum');
    const link = vitrine.offerLink(card, card.product.offers[0]!);
    const url = new URL(link.url);
    expect(url.protocol).toBe('https:');
    expect(url.searchParams.get(LINK_PARAMS.clickId)).toBe(link.clickId);
    expect(url.searchParams.get(LINK_PARAMS.creator)).toBe('creator-lin');
    expect(url.searchParams.get(LINK_PARAMS.recommendation)).toBe('rec-lin-serum');
    expect(vitrine.offerLink(card, card.product.offers[0]!).clickId).not.toBe(link.clickId);
  });

  it('refuses offers whose host is not allow-listed for their partner', async () => {
    const vitrine = client();
    const card = await vitrine.cards.get('rec-lin-serum');
    const offer = { ...card.product.offers[0]!, url: 'https://phishing.example/buy' };
    expect(() => vitrine.offerLink(card, offer)).toThrow(expect.objectContaining({ code: 'unsafe_link' }));
    const unknownPartner = { ...card.product.offers[0]!, partnerId: 'partner-nope' };
    expect(() => vitrine.offerLink(card, unknownPartner)).toThrow(expect.objectContaining({ code: 'unsafe_link' }));
  });

  it('closes the loop: click → signed conversion → the order shows up for this browser', async () => {
    const vitrine = client({ consent: 'denied' });
    const card = await vitrine.cards.get('rec-lin-serum');
    const offer = card.product.offers[0]!;
    const link = vitrine.offerLink(card, offer);
    vitrine.recordClick(link);
    await vitrine.events.flush();
    expect(vitrine.clicks.list()).toContain(link.clickId);

    const body = JSON.stringify({
      type: 'order.status',
      orderId: 'HF-1001',
      status: 'placed',
      clickId: link.clickId,
      occurredAt: new Date().toISOString(),
      currency: offer.price.currency,
      lines: [{ title: card.product.title, quantity: 1, amount: offer.price.amount, ...(offer.sku ? { sku: offer.sku } : {}) }],
    });
    const headers = await signHeaders({ body, secret: fixtures.webhookSecret(offer.partnerId) });
    const response = await fetch(`${api}/v1/partner/conversions?partner=${offer.partnerId}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);

    const orders = await vitrine.myOrders();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ partnerOrderId: 'HF-1001', status: 'placed', creatorId: 'creator-lin', clickId: link.clickId });
  });

  it('looks nothing up when this browser has no clicks', async () => {
    expect(await client().myOrders()).toEqual([]);
    expect(requests).toHaveLength(0);
  });
});

describe('errors', () => {
  it('are recognisable across realms by shape, not by class', () => {
    const foreign = { name: 'HttpError', code: 'http', isVitrineError: true, status: 500 };
    expect(isVitrineError(foreign)).toBe(true);
    expect(isVitrineError(foreign, 'timeout')).toBe(false);
    expect(isVitrineError(new Error('http'))).toBe(false);
  });
});
