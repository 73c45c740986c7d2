import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { AttributionEvent } from '../model/attribution.js';
import { CreatorStats } from '../model/stats.js';
import { Order } from '../model/order.js';
import { Partner } from '../model/partner.js';
import { CardPayload, MAX_CARDS_PER_REQUEST, ShowcasePage } from '../model/recommendation.js';
import { catalog, fixtures } from '../testing/fixtures.js';
import { summarizeCommissions } from '../server/commission.js';
import { signHeaders } from '../server/webhooks.js';
import { parseCatalog } from './catalog.js';
import { createPlatform, type Platform, type PlatformOptions } from './platform.js';
import { problemType, type ProblemCode } from './problem.js';
import { createMemoryStore } from './store/memory.js';
import type { PlatformStore } from './store/store.js';
import { READER_AGENT } from '../../test/helpers/reader.ts';
import { readEvents } from '../../test/helpers/sse.ts';

const API = 'https://api.vitrine.test';
const NOW = Date.parse('2026-11-20T08:00:00Z');
const HOUR = 3_600_000;
const GADGETBAY = 'partner-gadgetbay';

let clock = NOW;
let lines: string[];
let store: PlatformStore;
let platform: Platform;

function setup(options: Partial<PlatformOptions> = {}) {
  clock = NOW;
  lines = [];
  store = createMemoryStore(parseCatalog(catalog, 'fixtures'));
  platform = createPlatform({ store, now: () => clock, log: (line) => lines.push(line), ...options });
}
beforeEach(() => setup());

interface CallInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}
function call(path: string, init: CallInit = {}): Promise<Response> {
  const { method = init.body === undefined ? 'GET' : 'POST', body, headers = {} } = init;
  const raw = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' || body === undefined ? {} : { 'content-type': 'application/json' };
  return platform.fetch(new Request(API + path, { method, headers: { 'user-agent': READER_AGENT, ...type, ...headers }, ...(raw !== undefined && { body: raw }) }));
}
async function json(response: Response): Promise<any> {
  return response.json();
}
async function expectProblem(response: Response, status: number, code: string): Promise<any> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await json(response);
  expect(body).toMatchObject({ type: problemType(code as ProblemCode), status, code });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
  return body;
}

const clickId = (n: number) => `click-${String(n).padStart(16, '0')}`;
let eventCounter = 0;
function event(fields: Partial<AttributionEvent> & Pick<AttributionEvent, 'type' | 'recommendationId' | 'creatorId'>): AttributionEvent {
  eventCounter += 1;
  return { id: `evt-${String(eventCounter).padStart(16, '0')}`, at: new Date(clock - HOUR).toISOString(), ...fields };
}
const sendEvents = (events: AttributionEvent[]) => call('/v1/events', { body: { events } });

const bearer = (creatorId: string) => ({ authorization: `Bearer ${fixtures.apiKey(creatorId)}` });

interface ConversionFields {
  orderId?: string;
  status?: string;
  clickId?: string | null;
  lines?: Array<Record<string, unknown>>;
  currency?: string;
}
const EARBUDS_LINE = { sku: 'GB-AERO-PRO', title: 'Aero Buds Pro', quantity: 1, amount: 12999 };
const CHARGER_LINE = { sku: 'GB-VOLT-65', title: 'Volt 65W', quantity: 1, amount: 3999 };

async function convert(fields: ConversionFields = {}, options: { partner?: string; secret?: string; id?: string; raw?: string; signedAt?: number } = {}) {
  const partner = options.partner ?? GADGETBAY;
  const body =
    options.raw ??
    JSON.stringify({
      type: 'order.status',
      orderId: fields.orderId ?? 'GB-1001',
      status: fields.status ?? 'paid',
      clickId: fields.clickId === undefined ? clickId(1) : fields.clickId,
      occurredAt: new Date(clock).toISOString(),
      currency: fields.currency ?? 'USD',
      lines: fields.lines ?? [EARBUDS_LINE, CHARGER_LINE],
    });
  const headers = await signHeaders({
    body,
    secret: options.secret ?? fixtures.webhookSecret(partner),
    now: () => options.signedAt ?? clock,
    ...(options.id !== undefined && { id: options.id }),
  });
  return call(`/v1/partner/conversions?partner=${partner}`, { body, headers: { ...headers, 'content-type': 'application/json' } });
}

async function stats(creatorId: string) {
  const response = await call(`/v1/creators/${creatorId}/stats`, { headers: bearer(creatorId) });
  expect(response.status).toBe(200);
  const body = z.parse(CreatorStats, await json(response));
  return (recommendationId: string) => body.recommendations.find((r) => r.recommendationId === recommendationId)!;
}

describe('GET /v1/partners', () => {
  it('lists partners without secrets, cacheable, from any origin', async () => {
    const response = await call('/v1/partners', { headers: { origin: 'https://blog.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const text = await response.text();
    expect(text).not.toMatch(/whsec_|webhookSecret/);
    const { partners } = JSON.parse(text);
    expect(z.parse(z.array(Partner), partners).map((p) => p.id)).toEqual(['partner-gadgetbay', 'partner-hanfang', 'partner-jingxuan']);
  });
});

describe('GET /v1/cards', () => {
  it('returns the known cards in order and lists missing ids', async () => {
    const response = await call('/v1/cards?ids=rec-sam-hostile,nope,rec-lin-serum,rec-sam-hostile');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const body = await json(response);
    expect(body.missing).toEqual(['nope']);
    const cards = body.cards.map((card: unknown) => z.parse(CardPayload, card));
    expect(cards.map((c: CardPayload) => c.recommendation.id)).toEqual(['rec-sam-hostile', 'rec-lin-serum']);
    expect(cards[0].recommendation.reason).toContain('<img src=x onerror=alert(1)>');
    expect(cards[1].partners.map((p: Partner) => p.id)).toEqual(['partner-hanfang', 'partner-jingxuan']);
    expect(cards).toEqual(fixtures.cards(['rec-sam-hostile', 'rec-lin-serum']));
    expect(JSON.stringify(body)).not.toMatch(/apiKey|demo-only-key|whsec_/);
  });

  it.each([
    ['no ids', '/v1/cards'],
    ['empty ids', '/v1/cards?ids=,,'],
    ['a hostile id', `/v1/cards?ids=${encodeURIComponent('<script>')}`],
    ['an over-long id', `/v1/cards?ids=${'a'.repeat(65)}`],
    ['101 ids', `/v1/cards?ids=${Array.from({ length: MAX_CARDS_PER_REQUEST + 1 }, (_, i) => `r${i}`).join(',')}`],
  ])('refuses %s with 400', async (_what, path) => {
    await expectProblem(await call(path), 400, 'invalid_input');
  });

  it('answers a full client batch (MAX_CARDS_PER_REQUEST = 100 ids) in one response', async () => {
    expect(MAX_CARDS_PER_REQUEST).toBe(100);
    const ids = Array.from({ length: MAX_CARDS_PER_REQUEST }, (_, i) => (i === 0 ? 'rec-lin-serum' : `r${i}`));
    const response = await call(`/v1/cards?ids=${ids.join(',')}`);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.cards).toHaveLength(1);
    expect(body.missing).toHaveLength(MAX_CARDS_PER_REQUEST - 1);
  });
});

describe('GET /v1/creators/{id}/showcase', () => {
  it('pages through a creator’s recommendations, newest first', async () => {
    const first = await call('/v1/creators/creator-lin/showcase?limit=4');
    expect(first.status).toBe(200);
    const text = await first.text();
    expect(text).not.toMatch(/apiKey|demo-only-key|whsec_/);
    const page1 = z.parse(ShowcasePage, JSON.parse(text));
    expect(page1.creator.id).toBe('creator-lin');
    expect(page1.cards.map((c) => c.recommendation.id)).toEqual(['rec-lin-earbuds', 'rec-lin-mooncake', 'rec-lin-hotpot', 'rec-lin-tea']);
    expect(page1.nextCursor).toEqual(expect.any(String));

    const second = await call(`/v1/creators/creator-lin/showcase?limit=4&cursor=${encodeURIComponent(page1.nextCursor!)}`);
    const page2 = z.parse(ShowcasePage, await json(second));
    expect(page2.cards.map((c) => c.recommendation.id)).toEqual(['rec-lin-sunscreen', 'rec-lin-serum']);
    expect(page2.nextCursor).toBeNull();
  });

  it('defaults to 12 cards per page', async () => {
    const page = z.parse(ShowcasePage, await json(await call('/v1/creators/creator-sam/showcase')));
    expect(page.cards).toHaveLength(5);
    expect(page.nextCursor).toBeNull();
  });

  it('answers 404 for an unknown creator and 400 for bad parameters', async () => {
    await expectProblem(await call('/v1/creators/creator-nobody/showcase'), 404, 'not_found');
    await expectProblem(await call('/v1/creators/creator-lin/showcase?limit=0'), 400, 'invalid_input');
    await expectProblem(await call('/v1/creators/creator-lin/showcase?limit=51'), 400, 'invalid_input');
    await expectProblem(await call('/v1/creators/creator-lin/showcase?limit=1e1'), 400, 'invalid_input');
    await expectProblem(await call('/v1/creators/creator-lin/showcase?cursor=not-a-cursor'), 400, 'invalid_input');
    await expectProblem(await call('/v1/creators/%3Cb%3E/showcase'), 400, 'invalid_input');
    await expectProblem(await call('/v1/creators/%E0%A4%A/showcase'), 400, 'invalid_input');
  });
});

describe('POST /v1/events', () => {
  const impression = () => event({ type: 'impression', recommendationId: 'rec-sam-charger', creatorId: 'creator-sam' });

  it('accepts a batch and dedupes by event id', async () => {
    const events = [impression(), impression()];
    const first = await sendEvents(events);
    expect(first.status).toBe(202);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(await json(first)).toEqual({ accepted: 2, duplicates: 0, filtered: 0 });
    expect(await json(await sendEvents([events[0]!, impression()]))).toEqual({ accepted: 1, duplicates: 1, filtered: 0 });
    expect((await stats('creator-sam'))('rec-sam-charger').impressions).toBe(3);
  });

  it('bounds the rate per client: 429 with Retry-After, other clients unaffected, tokens refill over time', async () => {
    setup({ eventRateLimit: { perMinute: 60, burst: 3 } });
    const from = (clientAddress: string, count: number) =>
      platform.fetch(
        new Request(`${API}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ events: Array.from({ length: count }, impression) }) }),
        { clientAddress },
      );
    expect((await from('203.0.113.7', 3)).status).toBe(202);
    const refused = await from('203.0.113.7', 2);
    await expectProblem(refused, 429, 'rate_limited');
    expect(refused.headers.get('retry-after')).toBe('2'); // 2 events at 1 per second
    expect((await from('198.51.100.9', 3)).status).toBe(202);
    clock += 2_000;
    expect((await from('203.0.113.7', 2)).status).toBe(202);
  });

  it('accepts text/plain bodies (sendBeacon)', async () => {
    const body = JSON.stringify({ events: [impression()] });
    const response = await call('/v1/events', { body, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(await json(response)).toEqual({ accepted: 1, duplicates: 0, filtered: 0 });
  });

  it('drops events inconsistent with the catalog', async () => {
    const response = await sendEvents([
      event({ type: 'click', recommendationId: 'rec-sam-charger', creatorId: 'creator-lin', clickId: clickId(9), partnerId: GADGETBAY }),
      event({ type: 'click', recommendationId: 'rec-sam-charger', creatorId: 'creator-sam', clickId: clickId(9), partnerId: 'partner-hanfang' }),
      event({ type: 'impression', recommendationId: 'rec-unknown', creatorId: 'creator-sam' }),
    ]);
    expect(await json(response)).toEqual({ accepted: 0, duplicates: 0, filtered: 0 });
    expect(await store.touchesByClickIds([clickId(9)])).toEqual([]);
  });

  it('refuses an oversize body with 413, even without Content-Length', async () => {
    setup({ maxEventBody: 1024 });
    const big = JSON.stringify({ events: [impression()], padding: 'x'.repeat(2000) });
    await expectProblem(await call('/v1/events', { body: big, headers: { 'content-type': 'text/plain' } }), 413, 'payload_too_large');

    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 256) controller.enqueue(bytes.slice(i, i + 256));
        controller.close();
      },
    });
    const request = new Request(`${API}/v1/events`, { method: 'POST', body: stream, headers: { 'content-type': 'text/plain' }, duplex: 'half' } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    await expectProblem(await platform.fetch(request), 413, 'payload_too_large');
  });

  it('refuses a lying Content-Length beyond the limit', async () => {
    const response = await call('/v1/events', { body: '{}', headers: { 'content-type': 'application/json', 'content-length': String(1 << 20) } });
    expect(response.status).toBe(413);
  });

  it.each([
    ['bad JSON', '{"events": [', 'application/json', 400, 'invalid_input'],
    ['invalid UTF-8 never reaches JSON', new Uint8Array([0x7b, 0xff, 0x7d]), 'application/json', 400, 'invalid_input'],
    ['an empty batch', '{"events": []}', 'application/json', 400, 'invalid_input'],
    ['a bad event id', JSON.stringify({ events: [{ ...event({ type: 'impression', recommendationId: 'r', creatorId: 'c' }), id: 'x' }] }), 'application/json', 400, 'invalid_input'],
    ['a form body', 'events=1', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
  ])('refuses %s', async (_what, body, type, status, code) => {
    const request = new Request(`${API}/v1/events`, { method: 'POST', body: body as BodyInit, headers: { 'content-type': type } });
    await expectProblem(await platform.fetch(request), status, code);
  });
});

describe('creator routes', () => {
  it('GET stats needs the creator’s own key', async () => {
    const none = await call('/v1/creators/creator-sam/stats');
    await expectProblem(none, 401, 'unauthorized');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    await expectProblem(await call('/v1/creators/creator-sam/stats', { headers: { authorization: 'Bearer not-a-real-key-123456' } }), 401, 'unauthorized');
    await expectProblem(await call('/v1/creators/creator-sam/stats', { headers: { authorization: 'Basic abc' } }), 401, 'unauthorized');
    await expectProblem(await call('/v1/creators/creator-sam/stats', { headers: bearer('creator-lin') }), 403, 'forbidden');

    const response = await call('/v1/creators/creator-sam/stats', { headers: bearer('creator-sam') });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = z.parse(CreatorStats, await json(response));
    expect(body).toMatchObject({ creatorId: 'creator-sam', generatedAt: new Date(NOW).toISOString() });
    expect(body.recommendations.map((r) => r.recommendationId)).toContain('rec-sam-earbuds');
    expect(body.recommendations.find((r) => r.recommendationId === 'rec-sam-earbuds')).toMatchObject({
      title: 'Aero Buds Pro wireless earbuds with active noise cancelling',
      impressions: 0,
      clicks: 0,
      orders: 0,
      gmv: [],
    });
  });

  describe('POST /v1/recommendations', () => {
    const publish = (body: unknown, headers: Record<string, string> = {}) =>
      call('/v1/recommendations', { body, headers: { ...bearer('creator-lin'), ...headers } });

    it('publishes a recommendation for a catalog product found by its offer URL', async () => {
      const response = await publish({
        productUrl: 'https://item.jingxuan.example/200877.html?spm=share&utm_source=x#reviews',
        reason: '第二次回购，<b>真香</b>。',
      });
      expect(response.status).toBe(201);
      const { recommendation, card } = await json(response);
      expect(recommendation).toMatchObject({ creatorId: 'creator-lin', productId: 'prod-tea', disclosure: 'commission', reason: '第二次回购，<b>真香</b>。' });
      expect(recommendation.createdAt).toBe(new Date(NOW).toISOString());
      expect(z.parse(CardPayload, card).recommendation).toEqual(recommendation);

      const page = z.parse(ShowcasePage, await json(await call('/v1/creators/creator-lin/showcase?limit=1')));
      expect(page.cards[0]!.recommendation.id).toBe(recommendation.id);
    });

    it('previews without storing: the card as it would be published and what publishing would do', async () => {
      const preview = async (body: unknown) => call('/v1/recommendations/preview', { body, headers: bearer('creator-lin') });
      const fresh = await preview({ productUrl: 'https://www.gadgetbay.test/p/volt-65w', reason: 'Small and cool.' });
      expect(fresh.status).toBe(200);
      const first = await json(fresh);
      expect(first).toMatchObject({ outcome: 'created', card: { recommendation: { id: 'preview', partnerId: 'partner-gadgetbay', reason: 'Small and cool.' }, product: { id: 'prod-charger' } } });
      expect(z.parse(CardPayload, first.card).partners.map((p) => p.id)).toEqual(['partner-gadgetbay']);
      const serum = fixtures.card('rec-lin-serum').recommendation;
      expect(await json(await preview({ productUrl: 'https://shop.hanfang.example/item/88123', reason: serum.reason }))).toMatchObject({ outcome: 'existing', card: { recommendation: { id: 'rec-lin-serum' } } });
      expect(await json(await preview({ productUrl: 'https://shop.hanfang.example/item/88123', reason: 'New words.' }))).toMatchObject({ outcome: 'updated', card: { recommendation: { id: 'rec-lin-serum', reason: 'New words.' } } });
      await expectProblem(await preview({ productUrl: 'https://evil.example/x', reason: 'a' }), 422, 'unsafe_link');
      await expectProblem(await call('/v1/recommendations/preview', { body: { productUrl: 'x', reason: 'y' } }), 401, 'unauthorized');
      // Nothing was stored.
      const page = z.parse(ShowcasePage, await json(await call('/v1/creators/creator-lin/showcase?limit=50')));
      expect(page.cards.map((card) => card.product.id)).not.toContain('prod-charger');
      expect(page.cards.find((card) => card.recommendation.id === 'rec-lin-serum')?.recommendation.reason).toBe(serum.reason);
    });

    it('republishing answers 200 with the existing recommendation; a new reason edits it (same id); the card sells at the pasted shop', async () => {
      const body = { productUrl: 'https://www.gadgetbay.test/p/volt-65w', reason: 'My travel charger.' };
      const created = await publish(body);
      expect(created.status).toBe(201);
      const first = await json(created);
      expect(first).toMatchObject({ outcome: 'created', recommendation: { partnerId: 'partner-gadgetbay' } });
      const again = await publish(body);
      expect(again.status).toBe(200);
      expect(await json(again)).toEqual({ ...first, outcome: 'existing' });
      const edited = await publish({ ...body, reason: 'Still my travel charger.' });
      expect(edited.status).toBe(200);
      expect(await json(edited)).toMatchObject({ outcome: 'updated', recommendation: { id: first.recommendation.id, reason: 'Still my travel charger.' } });
      const page = z.parse(ShowcasePage, await json(await call('/v1/creators/creator-lin/showcase?limit=50')));
      expect(page.cards.filter((card) => card.product.id === 'prod-charger')).toHaveLength(1);
    });

    it.each([
      ['http: links', 'http://item.jingxuan.example/200877.html', 'unsafe_link'],
      ['javascript: links', 'javascript:alert(1)', 'unsafe_link'],
      ['relative links', '/item/1', 'unsafe_link'],
      ['hosts on no allow-list', 'https://evil.example/200877.html', 'unsafe_link'],
      ['look-alike hosts', 'https://item.jingxuan.example.evil.test/200877.html', 'unsafe_link'],
      ['unknown products of an allow-listed shop', 'https://item.jingxuan.example/999999.html', 'not_found'],
    ])('refuses %s with 422', async (_what, productUrl, code) => {
      await expectProblem(await publish({ productUrl, reason: 'Great.' }), 422, code);
    });

    it('refuses bad bodies and missing keys', async () => {
      await expectProblem(await publish({ productUrl: 'https://shop.hanfang.example/item/88123', reason: '' }), 400, 'invalid_input');
      await expectProblem(await publish('{nope', { 'content-type': 'application/json' }), 400, 'invalid_input');
      await expectProblem(await call('/v1/recommendations', { body: { productUrl: 'x', reason: 'y' } }), 401, 'unauthorized');
    });

    it('replays the response for a repeated Idempotency-Key and refuses a different body', async () => {
      const body = { productUrl: 'https://item.jingxuan.example/100234.html', reason: '好用', disclosure: 'gifted' };
      const first = await publish(body, { 'idempotency-key': 'key-1' });
      expect(first.status).toBe(201);
      const created = await json(first);
      clock += HOUR;
      const again = await publish(body, { 'idempotency-key': 'key-1' });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await json(again)).toEqual(created);

      await expectProblem(await publish({ ...body, reason: '不好用' }, { 'idempotency-key': 'key-1' }), 422, 'idempotency_conflict');
      // Another key, same content: the existing recommendation (publishing is idempotent by content too).
      const other = await publish(body, { 'idempotency-key': 'key-2' });
      expect(other.status).toBe(200);
      expect(await json(other)).toMatchObject({ outcome: 'existing', recommendation: created.recommendation });
      await expectProblem(await publish(body, { 'idempotency-key': 'ké' }), 400, 'invalid_input');
    });

    it('lets a failed request with an Idempotency-Key be retried', async () => {
      const key = { 'idempotency-key': 'key-retry' };
      await expectProblem(await publish({ productUrl: 'https://evil.example/x', reason: 'a' }, key), 422, 'unsafe_link');
      expect((await publish({ productUrl: 'https://www.gadgetbay.test/p/volt-65w', reason: 'a' }, key)).status).toBe(201);
    });
  });
});

describe('POST /v1/partner/conversions: the attribution loop', () => {
  it('click → signed conversion → order + commission → stats → refund reverses commission', async () => {
    // A reader clicks Sam's charger card, then checks out the earbuds of Lin's card with the same click.
    const click = event({ type: 'click', recommendationId: 'rec-sam-charger', creatorId: 'creator-sam', partnerId: GADGETBAY, clickId: clickId(1) });
    const checkout = event({
      type: 'checkout',
      recommendationId: 'rec-lin-earbuds',
      creatorId: 'creator-lin',
      partnerId: GADGETBAY,
      clickId: clickId(1),
      sku: 'GB-AERO-PRO',
      quantity: 1,
    });
    expect(await json(await sendEvents([click, checkout]))).toEqual({ accepted: 2, duplicates: 0, filtered: 0 });

    const paid = await convert({ status: 'paid' });
    expect(paid.status).toBe(200);
    const result = await json(paid);
    expect(result).toEqual({ orderId: expect.any(String), status: 'paid', attributed: true });

    const lookup = await call('/v1/orders/lookup', { body: { clickIds: [clickId(1), clickId(2)] } });
    expect(lookup.status).toBe(200);
    const { orders } = await json(lookup);
    expect(orders).toHaveLength(1);
    const order = z.parse(Order, orders[0]);
    expect(order).toMatchObject({
      id: result.orderId,
      partnerId: GADGETBAY,
      partnerOrderId: 'GB-1001',
      clickId: clickId(1),
      creatorId: 'creator-sam',
      status: 'paid',
      total: { amount: 16998, currency: 'USD' },
    });
    expect(order.timeline.map((t) => t.status)).toEqual(['placed', 'paid']);
    expect(order.lines.map((l) => l.recommendationId)).toEqual(['rec-lin-earbuds', 'rec-sam-charger']);

    // Commission: 8 % (800 bps), rounded down, one creator per line.
    let sam = await stats('creator-sam');
    expect(sam('rec-sam-charger')).toMatchObject({
      clicks: 1,
      orders: 1,
      gmv: [{ amount: 3999, currency: 'USD' }],
      commissionPending: [{ amount: 319, currency: 'USD' }],
      commissionApproved: [],
    });
    let lin = await stats('creator-lin');
    expect(lin('rec-lin-earbuds')).toMatchObject({ orders: 1, gmv: [{ amount: 12999, currency: 'USD' }], commissionPending: [{ amount: 1039, currency: 'USD' }] });

    clock += 3 * 24 * HOUR;
    expect(await json(await convert({ status: 'delivered' }))).toEqual({ orderId: result.orderId, status: 'delivered', attributed: true });
    sam = await stats('creator-sam');
    expect(sam('rec-sam-charger')).toMatchObject({ commissionPending: [], commissionApproved: [{ amount: 319, currency: 'USD' }] });

    // A late, repeated status changes nothing.
    expect(await json(await convert({ status: 'shipped' }))).toEqual({ duplicate: true });

    clock += 24 * HOUR;
    expect(await json(await convert({ status: 'refunded' }))).toMatchObject({ status: 'refunded', attributed: true });
    sam = await stats('creator-sam');
    expect(sam('rec-sam-charger')).toMatchObject({ clicks: 1, orders: 0, gmv: [], commissionPending: [], commissionApproved: [] });
    lin = await stats('creator-lin');
    expect(lin('rec-lin-earbuds')).toMatchObject({ orders: 0, gmv: [], commissionPending: [], commissionApproved: [] });
    const commissions = summarizeCommissions(result.orderId, await store.ledgerForOrder(result.orderId));
    expect(commissions.map((c) => c.state)).toEqual(['reversed', 'reversed']);
    expect(sam('rec-sam-charger')?.commissionReversed).toEqual([{ amount: 319, currency: 'USD' }]);

    const after = z.parse(Order, (await json(await call('/v1/orders/lookup', { body: { clickIds: [clickId(1)] } }))).orders[0]);
    expect(after.timeline.map((t) => t.status)).toEqual(['placed', 'paid', 'shipped', 'delivered', 'refunded']);
    expect(after.lines[0]!.refunded).toEqual({ amount: 12999, currency: 'USD' });

    // Nothing comes after a refund.
    await expectProblem(await convert({ status: 'cancelled' }), 409, 'invalid_transition');
  });

  it('keeps part of the commission after a partial refund', async () => {
    await sendEvents([event({ type: 'click', recommendationId: 'rec-sam-charger', creatorId: 'creator-sam', partnerId: GADGETBAY, clickId: clickId(1) })]);
    await convert({ status: 'delivered', lines: [CHARGER_LINE] });
    await convert({ status: 'refunded', lines: [{ ...CHARGER_LINE, refundedAmount: 2000 }] });
    const sam = await stats('creator-sam');
    // 319 × (1 − 2000/3999), with the refunded share rounded down: 319 − 159 = 160.
    expect(sam('rec-sam-charger')).toMatchObject({ orders: 1, gmv: [{ amount: 1999, currency: 'USD' }], commissionApproved: [{ amount: 160, currency: 'USD' }] });
  });

  it('dedupes a replayed webhook-id and a repeated (partner, order, status)', async () => {
    const body = JSON.stringify({
      type: 'order.status',
      orderId: 'GB-7',
      status: 'paid',
      clickId: null,
      occurredAt: new Date(clock).toISOString(),
      currency: 'USD',
      lines: [CHARGER_LINE],
    });
    const first = await convert({}, { raw: body, id: 'msg_replayed' });
    expect(await json(first)).toMatchObject({ status: 'paid', attributed: false });
    expect(await json(await convert({}, { raw: body, id: 'msg_replayed' }))).toEqual({ duplicate: true });
    expect(await json(await convert({}, { raw: body, id: 'msg_other' }))).toEqual({ duplicate: true });
    // The same webhook-id for a different partner is a different message.
    const hanfang = await convert({ orderId: 'HF-7', currency: 'CNY', clickId: null, lines: [{ title: '精华', quantity: 1, amount: 19900 }] }, { partner: 'partner-hanfang', id: 'msg_replayed' });
    expect(await json(hanfang)).toMatchObject({ status: 'paid' });
  });

  it('verifies the raw body byte for byte (no re-serialisation)', async () => {
    const raw = `{ "lines":[{"title":"Volt","amount":3999,"quantity":1}],\n  "type":"order.status","orderId":"GB-RAW","status":"placed",\n  "occurredAt":"${new Date(clock).toISOString()}","currency":"USD" }`;
    expect(await json(await convert({}, { raw }))).toMatchObject({ status: 'placed', attributed: false });
  });

  it('records orders with unknown, foreign, expired or missing click ids as unattributed', async () => {
    await sendEvents([
      event({ type: 'click', recommendationId: 'rec-lin-serum', creatorId: 'creator-lin', partnerId: 'partner-hanfang', clickId: clickId(2) }),
      event({ type: 'click', recommendationId: 'rec-sam-charger', creatorId: 'creator-sam', partnerId: GADGETBAY, clickId: clickId(3), at: new Date(NOW - 31 * 24 * HOUR).toISOString() }),
    ]);
    for (const [orderId, click] of [['U-1', clickId(99)], ['U-2', clickId(2)], ['U-3', clickId(3)], ['U-4', null]] as const) {
      const response = await convert({ orderId, clickId: click });
      expect(await json(response)).toMatchObject({ attributed: false });
    }
    const { orders } = await json(await call('/v1/orders/lookup', { body: { clickIds: [clickId(99)] } }));
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ partnerOrderId: 'U-1', creatorId: null, clickId: clickId(99) });
    expect(orders[0].lines.every((line: object) => !('recommendationId' in line))).toBe(true);
  });

  it('answers 401 for bad signatures and stale timestamps, 404 for an unknown partner', async () => {
    await expectProblem(await convert({}, { secret: fixtures.webhookSecret('partner-hanfang') }), 401, 'invalid_signature');
    await expectProblem(await convert({}, { signedAt: NOW - 10 * 60_000 }), 401, 'stale_timestamp');
    await expectProblem(await convert({}, { signedAt: NOW + 10 * 60_000 }), 401, 'stale_timestamp');
    const unsigned = await call(`/v1/partner/conversions?partner=${GADGETBAY}`, { body: { type: 'order.status' } });
    await expectProblem(unsigned, 401, 'invalid_signature');
    await expectProblem(await convert({}, { partner: 'partner-nobody', secret: fixtures.webhookSecret(GADGETBAY) }), 404, 'not_found');
    await expectProblem(await call('/v1/partner/conversions', { body: {} }), 400, 'invalid_input');
    // Nothing was recorded.
    expect(await store.orderByPartnerOrderId(GADGETBAY, 'GB-1001')).toBeNull();
  });

  it('answers 400 for a signed body that is not a valid conversion', async () => {
    await expectProblem(await convert({}, { raw: '{"type":"order.status"}' }), 400, 'invalid_input');
    await expectProblem(await convert({}, { raw: 'not json' }), 400, 'invalid_input');
  });
});

describe('POST /v1/orders/lookup', () => {
  it('validates click ids', async () => {
    expect(await json(await call('/v1/orders/lookup', { body: { clickIds: [] } }))).toEqual({ orders: [] });
    await expectProblem(await call('/v1/orders/lookup', { body: { clickIds: ['short'] } }), 400, 'invalid_input');
    await expectProblem(await call('/v1/orders/lookup', { body: { clickIds: Array.from({ length: 51 }, (_, i) => clickId(i)) } }), 400, 'invalid_input');
    await expectProblem(await call('/v1/orders/lookup', { body: [] }), 400, 'invalid_input');
  });
});

describe('CORS, routing and logging', () => {
  it('answers preflight for public routes from any origin', async () => {
    const response = await call('/v1/events', { method: 'OPTIONS', headers: { origin: 'https://blog.example', 'access-control-request-method': 'POST' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type');
  });

  it('allows only the configured origins on creator routes, with Authorization', async () => {
    setup({ corsOrigins: ['https://studio.example'] });
    const allowed = await call('/v1/recommendations', { method: 'OPTIONS', headers: { origin: 'https://studio.example' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://studio.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(allowed.headers.get('vary')).toBe('Origin');
    const other = await call('/v1/creators/creator-lin/stats', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // Public routes stay open to any origin.
    const cards = await call('/v1/cards?ids=rec-lin-tea', { headers: { origin: 'https://evil.example' } });
    expect(cards.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('gives partner callbacks no CORS at all', async () => {
    const response = await call(`/v1/partner/conversions?partner=${GADGETBAY}`, { method: 'OPTIONS', headers: { origin: 'https://blog.example' } });
    await expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 404 for unknown routes and 405 with Allow for wrong methods', async () => {
    await expectProblem(await call('/v1/nope'), 404, 'not_found');
    await expectProblem(await call('/v2/partners'), 404, 'not_found');
    const wrong = await call('/v1/partners', { method: 'DELETE' });
    await expectProblem(wrong, 405, 'method_not_allowed');
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(wrong.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('logs one line per request', async () => {
    await call('/v1/partners');
    await call('/v1/cards?ids=rec-lin-tea');
    expect(lines).toEqual(['GET /v1/partners 200 0ms', 'GET /v1/cards 200 0ms']);
  });

  it('answers HEAD on public GETs like GET, without a body', async () => {
    const head = await call('/v1/cards?ids=rec-lin-tea', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json');
    expect(head.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await head.text()).toBe('');
    const missing = await call('/v1/creators/nobody/showcase', { method: 'HEAD' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');
  });

  it('exposes Retry-After and Idempotent-Replayed to pages on other origins', async () => {
    for (const path of ['/v1/partners', '/v1/creators/creator-lin/stats']) {
      const response = await call(path, { headers: { origin: 'https://blog.example', ...bearer('creator-lin') } });
      expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After, Idempotent-Replayed');
    }
    const partner = await convert({ status: 'placed' });
    expect(partner.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('accepts the Bearer scheme in any case', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const response = await call('/v1/creators/creator-lin/stats', { headers: { authorization: `${scheme} ${fixtures.apiKey('creator-lin')}` } });
      expect(response.status).toBe(200);
    }
    await expectProblem(await call('/v1/creators/creator-lin/stats', { headers: { authorization: `Basic ${fixtures.apiKey('creator-lin')}` } }), 401, 'unauthorized');
  });

  it('answers 503 busy with Retry-After when a transaction keeps losing races', async () => {
    store.transaction = async () => {
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    };
    const response = await convert({ status: 'placed' });
    await expectProblem(response, 503, 'busy');
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('turns an unexpected failure into an opaque 500', async () => {
    store.listPartners = async () => {
      throw new TypeError('database exploded at secret-host:5432');
    };
    const body = await expectProblem(await call('/v1/partners'), 500, 'internal');
    expect(JSON.stringify(body)).not.toContain('secret-host');
    expect(lines).toEqual(['GET /v1/partners 500 0ms (TypeError: database exploded at secret-host:5432)']);
  });
});

describe('POST /v1/partner/conversions: money rules over HTTP', () => {
  it('requires application/json (415), before reading anything', async () => {
    const body = JSON.stringify({ type: 'order.status' });
    const headers = await signHeaders({ body, secret: fixtures.webhookSecret(GADGETBAY), now: () => clock });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const response = await call(`/v1/partner/conversions?partner=${GADGETBAY}`, { body, headers: { ...headers, ...(type && { 'content-type': type }) } });
      await expectProblem(response, 415, 'unsupported_media_type');
    }
    const charset = await convert({ status: 'placed' }, {});
    expect(charset.status).toBe(200);
  });

  it.each([
    ['unknown_currency', { currency: 'ZZZ' }],
    ['amount_out_of_range', { lines: [{ ...CHARGER_LINE, amount: 2 ** 53 - 1 }] }],
    ['refund_exceeds_amount', { status: 'refunded', lines: [{ ...CHARGER_LINE, refundedAmount: 4000 }] }],
  ])('answers %s with a 422 problem of its own type', async (code, fields) => {
    const body = await expectProblem(await convert(fields), 422, code);
    expect(body.type).toBe(`urn:vitrine:problem:${code}`);
  });

  it('refuses a later callback that changes the currency or a line amount, keeping the order as placed', async () => {
    await convert({ status: 'paid' });
    await expectProblem(await convert({ status: 'shipped', currency: 'CNY' }), 422, 'currency_changed');
    await expectProblem(await convert({ status: 'refunded', lines: [EARBUDS_LINE, { ...CHARGER_LINE, amount: 399_900 }] }), 422, 'order_lines_changed');
    const { orders } = await json(await call('/v1/orders/lookup', { body: { clickIds: [clickId(1)] } }));
    expect(orders[0]).toMatchObject({ status: 'paid', total: { amount: 16998, currency: 'USD' } });
  });

  it('applies a second partial refund and a full one after it', async () => {
    await sendEvents([event({ type: 'click', recommendationId: 'rec-sam-charger', creatorId: 'creator-sam', partnerId: GADGETBAY, clickId: clickId(1) })]);
    await convert({ status: 'delivered', lines: [CHARGER_LINE] });
    const approved = async () => (await stats('creator-sam'))('rec-sam-charger').commissionApproved;
    await convert({ status: 'refunded', lines: [{ ...CHARGER_LINE, refundedAmount: 1000 }] });
    expect(await approved()).toEqual([{ amount: 240, currency: 'USD' }]);
    await convert({ status: 'refunded', lines: [{ ...CHARGER_LINE, refundedAmount: 2000 }] });
    expect(await approved()).toEqual([{ amount: 160, currency: 'USD' }]);
    await convert({ status: 'refunded', lines: [CHARGER_LINE] });
    expect(await approved()).toEqual([]);
  });
});

describe('payouts and statements', () => {
  const ADMIN = 'admin-key-for-tests-0123456789';
  const admin = { authorization: `Bearer ${ADMIN}` };
  beforeEach(() => setup({ adminKeys: [ADMIN] }));

  async function deliveredOrder(orderId: string) {
    await sendEvents([event({ type: 'click', recommendationId: 'rec-sam-charger', creatorId: 'creator-sam', partnerId: GADGETBAY, clickId: clickId(1) })]);
    await convert({ orderId, status: 'delivered', lines: [CHARGER_LINE] });
  }
  const payout = (periodEnd: string, headers: Record<string, string> = {}) =>
    call('/v1/admin/payouts', { body: { periodEnd }, headers: { ...admin, ...headers } });

  it('pays approved commission once, with a statement whose entries add up to the payout', async () => {
    await deliveredOrder('GB-P1');
    clock += HOUR;
    const periodEnd = new Date(clock).toISOString();
    const first = await payout(periodEnd);
    expect(first.status).toBe(201);
    const { payouts } = await json(first);
    expect(payouts).toEqual([
      { id: expect.any(String), creatorId: 'creator-sam', amount: { amount: 319, currency: 'USD' }, periodStart: null, periodEnd, createdAt: periodEnd },
    ]);
    // Nothing left to pay: a second run pays nothing.
    expect(await json(await payout(periodEnd))).toEqual({ payouts: [] });
    const statement = await json(await call(`/v1/admin/payouts/${payouts[0].id}`, { headers: admin }));
    expect(statement.entries.reduce((sum: number, e: { amount: { amount: number } }) => sum + e.amount.amount, 0)).toBe(319);
    expect(statement.entries.every((e: { payoutId: string }) => e.payoutId === payouts[0].id)).toBe(true);
    const sam = (await stats('creator-sam'))('rec-sam-charger');
    expect(sam).toMatchObject({ commissionApproved: [{ amount: 319, currency: 'USD' }], commissionPaid: [{ amount: 319, currency: 'USD' }] });

    // The creator sees the same statement with the creator key, and no one else's.
    const mine = await json(await call('/v1/creators/creator-sam/payouts', { headers: bearer('creator-sam') }));
    expect(mine.payouts.map((p: { id: string }) => p.id)).toEqual([payouts[0].id]);
    expect(await json(await call(`/v1/creators/creator-sam/payouts/${payouts[0].id}`, { headers: bearer('creator-sam') }))).toEqual(statement);
    await expectProblem(await call(`/v1/creators/creator-lin/payouts/${payouts[0].id}`, { headers: bearer('creator-lin') }), 404, 'not_found');

    // A refund after payout is a negative adjustment, netted at the next payout (never paid as a negative amount).
    clock += HOUR;
    await convert({ orderId: 'GB-P1', status: 'refunded', lines: [CHARGER_LINE] });
    clock += HOUR;
    expect(await json(await payout(new Date(clock).toISOString()))).toEqual({ payouts: [] });
    expect((await stats('creator-sam'))('rec-sam-charger')).toMatchObject({ commissionApproved: [], commissionPaid: [{ amount: 319, currency: 'USD' }], commissionReversed: [{ amount: 319, currency: 'USD' }] });
  });

  it('replays a payout run under the same Idempotency-Key', async () => {
    await deliveredOrder('GB-P2');
    clock += HOUR;
    const periodEnd = new Date(clock).toISOString();
    const first = await json(await payout(periodEnd, { 'idempotency-key': 'run-1' }));
    const again = await payout(periodEnd, { 'idempotency-key': 'run-1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(again)).toEqual(first);
  });

  it('refuses a period that has not ended, and anyone without an admin key', async () => {
    await expectProblem(await payout(new Date(clock + HOUR).toISOString()), 400, 'invalid_input');
    await expectProblem(await call('/v1/admin/payouts', { body: { periodEnd: new Date(clock).toISOString() }, headers: bearer('creator-lin') }), 401, 'unauthorized');
    await expectProblem(await call('/v1/admin/payouts', { body: { periodEnd: new Date(clock).toISOString() } }), 401, 'unauthorized');
    setup();
    await expectProblem(await payout(new Date(clock).toISOString()), 401, 'unauthorized');
    expect(() => createPlatform({ store, adminKeys: ['short'] })).toThrow(/admin key/);
  });

  it('rotates a partner’s webhook secrets: both accepted during the rotation, then only the new one', async () => {
    const next = 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=';
    const old = fixtures.webhookSecret(GADGETBAY);
    const put = (secrets: string[]) => call(`/v1/admin/partners/${GADGETBAY}/webhook-secrets`, { method: 'PUT', body: { secrets }, headers: admin });
    const response = await put([next, old]);
    expect(await json(response)).toEqual({ partnerId: GADGETBAY, secrets: 2 });
    expect((await convert({ orderId: 'R-1', status: 'placed' }, { secret: next })).status).toBe(200);
    expect((await convert({ orderId: 'R-2', status: 'placed' }, { secret: old })).status).toBe(200);
    await put([next]);
    await expectProblem(await convert({ orderId: 'R-3', status: 'placed' }, { secret: old }), 401, 'invalid_signature');
    await expectProblem(await call(`/v1/admin/partners/partner-nope/webhook-secrets`, { method: 'PUT', body: { secrets: [next] }, headers: admin }), 404, 'not_found');
    await expectProblem(await put(['not-a-secret']), 400, 'invalid_input');
  });
});

const sse = (response: Response) => {
  const events = readEvents(response);
  return { ...events, next: async (timeoutMs?: number) => (await events.next(timeoutMs)) as { id: string | undefined; event: string | undefined; data: any } };
};

describe('live streams (GET /v1/stream/...)', () => {
  it('pushes a browser’s orders as they change, and resumes from Last-Event-ID without a gap or a repeat', async () => {
    const response = await call(`/v1/stream/orders?clickIds=${clickId(1)},${clickId(2)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const stream = sse(response);
    const first = await stream.next();
    expect(first).toMatchObject({ event: 'orders', data: { orders: [] } });

    expect((await convert({ status: 'placed' })).status).toBe(200);
    const placed = await stream.next();
    expect(placed.data.orders).toMatchObject([{ partnerOrderId: 'GB-1001', status: 'placed', clickId: clickId(1) }]);
    expect(Number(placed.id)).toBeGreaterThan(Number(first.id));
    await stream.close();

    // Reconnecting with the last id: nothing new, so no event until the next change.
    const resumed = sse(await call(`/v1/stream/orders?clickIds=${clickId(1)}`, { headers: { 'last-event-id': placed.id! } }));
    expect((await convert({ status: 'paid' })).status).toBe(200);
    const paid = await resumed.next();
    expect(paid.data.orders).toMatchObject([{ status: 'paid' }]);
    expect(resumed.comments.some((line) => line.startsWith('up to date'))).toBe(true);
    await resumed.close();

    // Reconnecting with an older id (a change happened while away): the state at once.
    const behind = sse(await call(`/v1/stream/orders?clickIds=${clickId(1)}`, { headers: { 'last-event-id': placed.id! } }));
    expect((await behind.next()).data.orders).toMatchObject([{ status: 'paid' }]);
    await behind.close();
    // Another browser's click ids hear nothing of it.
    const other = sse(await call(`/v1/stream/orders?clickIds=${clickId(9)}`));
    expect((await other.next()).data.orders).toEqual([]);
    expect((await convert({ status: 'shipped' })).status).toBe(200);
    await expect(other.next(300)).rejects.toThrow('no event in time');
    await other.close();
  });

  it('refuses a stream without valid click ids', async () => {
    await expectProblem(await call('/v1/stream/orders'), 400, 'invalid_input');
    await expectProblem(await call('/v1/stream/orders?clickIds=not%20a%20click%20id'), 400, 'invalid_input');
    await expectProblem(await call(`/v1/stream/orders?clickIds=${Array.from({ length: 51 }, (_, n) => clickId(n)).join(',')}`), 400, 'invalid_input');
  });

  it('streams a creator’s stats with a short-lived token (the key never in a URL), pushed when events arrive', async () => {
    await expectProblem(await call('/v1/stream/tokens', { method: 'POST' }), 401, 'unauthorized');
    const issued = await call('/v1/stream/tokens', { method: 'POST', headers: bearer('creator-lin') });
    expect(issued.status).toBe(201);
    const { token, creatorId, expiresAt } = await json(issued);
    expect(creatorId).toBe('creator-lin');
    expect(Date.parse(expiresAt)).toBe(NOW + 5 * 60_000);
    expect(token).not.toContain(fixtures.apiKey('creator-lin'));

    await expectProblem(await call('/v1/stream/stats'), 401, 'unauthorized');
    await expectProblem(await call(`/v1/stream/stats?token=${token.slice(0, -2)}xx`), 401, 'unauthorized');
    const stream = sse(await call(`/v1/stream/stats?token=${token}`));
    const first = await stream.next();
    expect(first.event).toBe('stats');
    expect(first.data.creatorId).toBe('creator-lin');
    const impressions = (body: any) => body.recommendations.reduce((sum: number, rec: any) => sum + rec.impressions, 0);
    expect(impressions(first.data)).toBe(0);

    expect((await sendEvents([event({ type: 'impression', recommendationId: 'rec-lin-serum', creatorId: 'creator-lin' })])).status).toBe(202);
    const next = await stream.next();
    expect(impressions(next.data)).toBe(1);
    // Another creator's events push nothing to this stream.
    expect((await sendEvents([event({ type: 'impression', recommendationId: 'rec-sam-earbuds', creatorId: 'creator-sam' })])).status).toBe(202);
    await expect(stream.next(400)).rejects.toThrow('no event in time');
    await stream.close();

    // Expired: refused (an open stream stays open).
    clock = NOW + 5 * 60_000;
    await expectProblem(await call(`/v1/stream/stats?token=${token}`), 401, 'unauthorized');
  });

  it('pushes a click made through the server-side redirect (GET /go/{id}) to the creator’s stats stream, as a posted click', async () => {
    setup({ share: {} });
    const { token } = await json(await call('/v1/stream/tokens', { method: 'POST', headers: bearer('creator-lin') }));
    const stream = sse(await call(`/v1/stream/stats?token=${token}`));
    const clicks = (body: any) => body.recommendations.reduce((sum: number, rec: any) => sum + rec.clicks, 0);
    expect(clicks((await stream.next()).data)).toBe(0);
    const go = await call('/go/rec-lin-serum');
    expect(go.status).toBe(302);
    expect(clicks((await stream.next()).data)).toBe(1);
    // A bot following the link is sent on unattributed: nothing changed, nothing pushed.
    expect((await call('/go/rec-lin-serum', { headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } })).status).toBe(302);
    await expect(stream.next(400)).rejects.toThrow('no event in time');
    await stream.close();
  });

  it('refuses a stream secret shorter than 16 characters', () => {
    expect(() => setup({ streamSecret: 'short' })).toThrow('streamSecret');
  });
});
