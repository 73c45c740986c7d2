/**
 * The store conformance suite: the contract of `PlatformStore`, as tests. Every
 * store runs it (the memory store, the SQL store on PGlite and PostgreSQL);
 * run it against your own store to know it behaves like them:
 *
 * ```ts
 * import * as vitest from 'vitest';
 * import { describePlatformStore } from 'vitrine/testing';
 *
 * describePlatformStore('my store', async () => ({
 *   reset: async (catalog) => openMyStoreHolding(catalog),
 *   close: async () => closeMyDatabase(),
 * }), vitest);
 * ```
 *
 * The suite brings no test runner of its own: pass the runner's functions
 * (vitest's, or `@jest/globals`).
 */
import { isVitrineError } from '../errors.js';
import type { AttributionEvent } from '../model/attribution.js';
import type { LedgerEntry, Payout } from '../model/commission.js';
import type { Order } from '../model/order.js';
import { parseCatalog, type Catalog } from '../platform/catalog.js';
import { createMemoryStore } from '../platform/store/memory.js';
import type { ConversionReceipt, NewOutboxMessage, OutboxMessage, PlatformStore } from '../platform/store/store.js';
import { catalog as fixtureCatalog, fixtures } from './fixtures.js';

/** The assertions the suite uses, as vitest's and jest's `expect` provide them. */
export interface StoreSuiteAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toBeNull(): void;
  toHaveLength(length: number): void;
  toContain(item: unknown): void;
  not: Omit<StoreSuiteAssertion, 'not' | 'rejects'>;
  rejects: { toThrow(expected?: string | RegExp): Promise<void> };
}

/** The test functions the suite registers its tests with (`import * as vitest from 'vitest'` has them). */
export interface StoreSuiteRunner {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>): void;
  beforeAll(fn: () => Promise<void>, timeout?: number): void;
  afterAll(fn: () => Promise<void>): void;
  beforeEach(fn: () => Promise<void>): void;
  expect: ((actual: unknown) => StoreSuiteAssertion) & { any(type: unknown): unknown };
}

/** A store under test, opened once per suite. */
export interface StoreUnderTest {
  /**
   * A store holding exactly `catalog` and nothing else, called before each
   * test (empty the tables and load the catalog, or open a fresh store). The
   * catalog's timestamps are in `toISOString()` form.
   */
  reset(catalog: Catalog): Promise<PlatformStore>;
  /** Called once after the last test. */
  close?(): Promise<void>;
}

/** Where partner-hanfang (only) receives outgoing webhooks in the suite's catalog. */
export const CONFORMANCE_WEBHOOK_URL = 'https://shop.hanfang.example/hooks/vitrine';

/**
 * The catalog every conformance test starts from: the demo catalog of
 * `fixtures`, with timestamps (`createdAt`, `priceAt`) in `toISOString()` form and a webhook URL for
 * partner-hanfang.
 */
export function conformanceCatalog(): Catalog {
  const input = structuredClone(fixtureCatalog);
  input.partners = input.partners.map((p) => (p.id === 'partner-hanfang' ? { ...p, webhookUrl: CONFORMANCE_WEBHOOK_URL } : p));
  const catalog = parseCatalog(input, 'fixtures');
  for (const rec of catalog.recommendations) rec.createdAt = new Date(rec.createdAt).toISOString();
  for (const offer of catalog.products.flatMap((product) => product.offers)) {
    if (offer.priceAt) offer.priceAt = new Date(offer.priceAt).toISOString();
  }
  return catalog;
}

const BASE = Date.parse('2026-11-20T00:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(BASE + hours * HOUR).toISOString();
const clickId = (n: number) => `click-${String(n).padStart(16, '0')}`;
let eventCount = 0;
function event(fields: Partial<AttributionEvent> & Pick<AttributionEvent, 'type'>): AttributionEvent {
  eventCount += 1;
  return { id: `evt-${String(eventCount).padStart(16, '0')}`, at: at(0), recommendationId: 'rec-lin-serum', creatorId: 'creator-lin', ...fields };
}
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const usd = (amount: number) => ({ amount, currency: 'USD' });

function order(fields: Partial<Order> & Pick<Order, 'id'>): Order {
  return {
    partnerId: 'partner-hanfang',
    partnerOrderId: `PO-${fields.id}`,
    clickId: null,
    creatorId: null,
    status: 'placed',
    timeline: [{ status: 'placed', at: at(0) }],
    lines: [{ recommendationId: 'rec-lin-serum', sku: 'HF-88123', title: '山茶花保湿精华液', quantity: 1, amount: cny(19900) }],
    total: cny(19900),
    ...fields,
  };
}

function entry(fields: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'orderId'>): LedgerEntry {
  return {
    kind: 'accrual',
    balance: 'pending',
    creatorId: 'creator-lin',
    amount: cny(1194),
    lineIndex: 0,
    recommendationId: 'rec-lin-serum',
    partnerId: 'partner-hanfang',
    base: cny(19900),
    rateBps: 600,
    createdAt: at(1),
    payoutId: null,
    ...fields,
  };
}

function payout(fields: Partial<Payout> & Pick<Payout, 'id'>): Payout {
  return { creatorId: 'creator-lin', amount: cny(1194), periodStart: null, periodEnd: at(10), createdAt: at(11), ...fields };
}

function message(fields: Partial<NewOutboxMessage> & Pick<NewOutboxMessage, 'id'>): NewOutboxMessage {
  return { partnerId: 'partner-hanfang', type: 'order.updated', payload: `{"id":"${fields.id}"}`, nextAttemptAt: BASE, ...fields };
}
/** A message as stored right after `enqueueWebhook`. */
const pending = (m: NewOutboxMessage): OutboxMessage => ({ ...m, attempts: 0, lastStatus: null, deliveredAt: null, abandoned: false });

const receipt = (fields: Partial<ConversionReceipt> = {}): ConversionReceipt => ({
  partnerId: 'partner-hanfang',
  webhookId: 'msg_1',
  partnerOrderId: 'PO-1',
  status: 'paid',
  ...fields,
});

const hex = (text: string) => Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * Registers the conformance suite for one store: `open` is called once before
 * the tests (`beforeAll`, 60 s allowed for a database to start), then
 * `reset(catalog)` before each test and `close` at the end. The tests cover
 * every method of `PlatformStore`: catalog reads, showcase paging and cursors,
 * recommendations, idempotency keys, events and touches, orders, conversion
 * receipts, the webhook outbox, commissions, creator stats and transactions,
 * concurrent duplicates included; the memory store is the reference results
 * are compared with.
 */
export function describePlatformStore(name: string, open: () => Promise<StoreUnderTest>, runner: StoreSuiteRunner): void {
  const { describe, it, expect, beforeAll, afterAll, beforeEach } = runner;
  const CATALOG = conformanceCatalog();
  const HANFANG_HOOK = CONFORMANCE_WEBHOOK_URL;

  describe(name, () => {
    let opened: StoreUnderTest | undefined;
    let store: PlatformStore;
    const reference = () => createMemoryStore(CATALOG);

    beforeAll(async () => {
      opened = await open();
    }, 60_000);
    afterAll(async () => {
      await opened?.close?.();
    });
    beforeEach(async () => {
      store = await opened!.reset(structuredClone(CATALOG));
    });

    describe('catalog reads', () => {
      it('lists partners ordered by id, without secrets', async () => {
        const partners = await store.listPartners();
        expect(partners).toEqual(fixtures.partners);
        expect(JSON.stringify(partners)).not.toContain('whsec_');
      });

      it('returns a partner with its webhook secrets, or null', async () => {
        expect(await store.partnerSecrets('partner-gadgetbay')).toEqual({
          partner: fixtures.partner('partner-gadgetbay'),
          secrets: [fixtures.webhookSecret('partner-gadgetbay')],
        });
        expect(await store.partnerSecrets('partner-nope')).toBeNull();
      });

      it('replaces a partner’s webhook secrets (rotation), current first', async () => {
        const next = 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=';
        await store.setPartnerSecrets('partner-gadgetbay', [next, fixtures.webhookSecret('partner-gadgetbay')]);
        expect((await store.partnerSecrets('partner-gadgetbay'))?.secrets).toEqual([next, fixtures.webhookSecret('partner-gadgetbay')]);
        await store.setPartnerSecrets('partner-gadgetbay', [next]);
        expect((await store.partnerSecrets('partner-gadgetbay'))?.secrets).toEqual([next]);
        await expect(store.setPartnerSecrets('partner-nope', [next])).rejects.toThrow();
      });

      it('returns the webhook URL of a partner that has one, and no key for one that has none', async () => {
        const hanfang = await store.partnerSecrets('partner-hanfang');
        expect(hanfang).toEqual({
          partner: fixtures.partner('partner-hanfang'),
          secrets: [fixtures.webhookSecret('partner-hanfang')],
          webhookUrl: HANFANG_HOOK,
        });
        expect(Object.keys((await store.partnerSecrets('partner-gadgetbay'))!)).not.toContain('webhookUrl');
      });

      it('returns cards in the order asked, leaving unknown ids out', async () => {
        const cards = await store.cards(['rec-sam-hostile', 'rec-nope', 'rec-lin-serum']);
        expect(cards.map((card) => card.recommendation.id)).toEqual(['rec-sam-hostile', 'rec-lin-serum']);
        expect(cards[1]!.partners.map((p) => p.id)).toEqual(['partner-hanfang', 'partner-jingxuan']);
        expect(cards[0]!.recommendation.reason).toContain('<script>alert("xss")</script>');
        expect(await store.cards([])).toEqual([]);
      });

      it('returns every card exactly as the reference store does', async () => {
        const ids = CATALOG.recommendations.map((rec) => rec.id);
        expect(await store.cards(ids)).toEqual(await reference().cards(ids));
      });

      it('hands out copies: mutating a card changes nothing stored', async () => {
        const [card] = await store.cards(['rec-lin-serum']);
        card!.product.offers[0]!.price.amount = 1;
        card!.creator.name = 'changed';
        const [again] = await store.cards(['rec-lin-serum']);
        expect(again!.product.offers[0]!.price.amount).toBe(19900);
        expect(again!.creator.name).toBe('林小鹿');
      });

      it('finds the creator of an API key, and nobody for another key', async () => {
        expect(await store.creatorByApiKey(fixtures.apiKey('creator-sam'))).toEqual(fixtures.creator('creator-sam'));
        expect(await store.creatorByApiKey('demo-only-key-nobody-000000')).toBeNull();
        expect(await store.creatorByApiKey(`${fixtures.apiKey('creator-sam')} `)).toBeNull();
      });

      it('finds a product by its offer URL, ignoring query and hash', async () => {
        const found = await store.productByOfferUrl(new URL('https://shop.hanfang.example/item/88123?utm_source=x#reviews'));
        expect(found?.product.id).toBe('prod-serum');
        expect(found?.offer).toMatchObject({ partnerId: 'partner-hanfang', sku: 'HF-88123', price: cny(19900), listPrice: cny(25900) });
        expect(await store.productByOfferUrl(new URL('https://shop.hanfang.example/item/99999'))).toBeNull();
        expect(await store.productByOfferUrl(new URL('https://evil.example/item/88123'))).toBeNull();
      });
    });

    describe('showcase', () => {
      it('pages through a creator newest first, with a cursor', async () => {
        const first = await store.showcase('creator-lin', { cursor: null, limit: 4 });
        expect(first?.creator).toEqual(fixtures.creator('creator-lin'));
        expect(first?.cards.map((c) => c.recommendation.id)).toEqual(['rec-lin-earbuds', 'rec-lin-mooncake', 'rec-lin-hotpot', 'rec-lin-tea']);
        expect(first?.nextCursor).toEqual(expect.any(String));
        const second = await store.showcase('creator-lin', { cursor: first!.nextCursor, limit: 4 });
        expect(second?.cards.map((c) => c.recommendation.id)).toEqual(['rec-lin-sunscreen', 'rec-lin-serum']);
        expect(second?.nextCursor).toBeNull();
        expect(second?.cards).toEqual(await reference().cards(['rec-lin-sunscreen', 'rec-lin-serum']));
      });

      it('breaks ties on the creation time by id, descending, without skipping or repeating', async () => {
        const same = at(100);
        for (const id of ['tie-a', 'tie-c', 'tie-b']) {
          await store.createRecommendation({ id, creatorId: 'creator-sam', productId: 'prod-charger', reason: id, disclosure: 'none', createdAt: same });
        }
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<PlatformStore['showcase']>> = await store.showcase('creator-sam', { cursor, limit: 2 });
          seen.push(...page!.cards.map((c) => c.recommendation.id));
          cursor = page!.nextCursor;
        } while (cursor !== null);
        expect(seen).toEqual(['tie-c', 'tie-b', 'tie-a', 'rec-sam-hostile', 'rec-sam-powerbank', 'rec-sam-keyboard', 'rec-sam-charger', 'rec-sam-earbuds']);
      });

      it('returns null for an unknown creator and refuses a foreign cursor', async () => {
        expect(await store.showcase('creator-nope', { cursor: null, limit: 5 })).toBeNull();
        for (const cursor of ['garbage', btoa('{"a":1}'), btoa('["not a date","x"]')]) {
          const error = await store.showcase('creator-lin', { cursor, limit: 5 }).catch((e: unknown) => e);
          expect(isVitrineError(error, 'invalid_input')).toBe(true);
        }
      });
    });

    describe('recommendations', () => {
      it('stores a new recommendation, served in cards and first in the showcase', async () => {
        const rec = { id: 'rec-new', creatorId: 'creator-sam', productId: 'prod-serum', reason: 'New!', disclosure: 'gifted' as const, createdAt: at(5) };
        await store.createRecommendation(rec);
        const [card] = await store.cards(['rec-new']);
        expect(card).toEqual({
          recommendation: rec,
          product: CATALOG.products.find((p) => p.id === 'prod-serum'),
          creator: fixtures.creator('creator-sam'),
          partners: [fixtures.partner('partner-hanfang'), fixtures.partner('partner-jingxuan')],
        });
        const page = await store.showcase('creator-sam', { cursor: null, limit: 1 });
        expect(page?.cards[0]?.recommendation.id).toBe('rec-new');
      });

      it("keeps the creator's shop, lists a creator's recommendations of a product, edits in place and refuses a second one at the same shop", async () => {
        const rec = { id: 'rec-shop', creatorId: 'creator-sam', productId: 'prod-serum', reason: 'At Jingxuan', disclosure: 'commission' as const, createdAt: at(6), partnerId: 'partner-jingxuan' };
        await store.createRecommendation(rec);
        expect((await store.cards(['rec-shop']))[0]?.recommendation).toEqual(rec);
        await store.createRecommendation({ ...rec, reason: 'Edited' });
        expect(await store.creatorRecommendationsOf('creator-sam', 'prod-serum')).toEqual([{ ...rec, reason: 'Edited' }]);
        expect((await store.creatorRecommendationsOf('creator-lin', 'prod-serum')).map((r) => r.id)).toEqual(['rec-lin-serum']);
        expect(await store.creatorRecommendationsOf('creator-sam', 'prod-nope')).toEqual([]);
        await expect(store.createRecommendation({ ...rec, id: 'rec-shop-2' })).rejects.toThrow();
        // Another shop, or no shop at all, is another recommendation.
        await store.createRecommendation({ ...rec, id: 'rec-shop-3', partnerId: 'partner-hanfang', createdAt: at(7) });
        await store.createRecommendation({ ...rec, id: 'rec-shop-4', partnerId: undefined, createdAt: at(8) });
        expect((await store.creatorRecommendationsOf('creator-sam', 'prod-serum')).map((r) => r.id)).toEqual(['rec-shop-4', 'rec-shop-3', 'rec-shop']);
      });
    });

    describe('idempotency keys', () => {
      it('claims, replays after completion and forgets on release', async () => {
        expect(await store.claimIdempotencyKey('creator-lin', 'key-1', 'fp-1')).toBeNull();
        expect(await store.claimIdempotencyKey('creator-lin', 'key-1', 'fp-2')).toEqual({ fingerprint: 'fp-1', response: null });
        await store.completeIdempotencyKey('creator-lin', 'key-1', { status: 201, body: { id: 'rec-x', n: [1, 2] } });
        expect(await store.claimIdempotencyKey('creator-lin', 'key-1', 'fp-1')).toEqual({
          fingerprint: 'fp-1',
          response: { status: 201, body: { id: 'rec-x', n: [1, 2] } },
        });
        // Keys are scoped: another creator may use the same key.
        expect(await store.claimIdempotencyKey('creator-sam', 'key-1', 'fp-9')).toBeNull();
        await store.releaseIdempotencyKey('creator-sam', 'key-1');
        expect(await store.claimIdempotencyKey('creator-sam', 'key-1', 'fp-3')).toBeNull();
      });

      it('lets exactly one of several concurrent claims win', async () => {
        const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimIdempotencyKey('creator-lin', 'race', 'fp')));
        expect(claims.filter((claim) => claim === null)).toHaveLength(1);
        expect(claims.filter((claim) => claim !== null)).toEqual(Array(5).fill({ fingerprint: 'fp', response: null }));
      });
    });

    describe('share pages', () => {
      it('finds a creator by handle, case-insensitively, and nobody for an unknown handle', async () => {
        const lin = fixtures.creators.find((creator) => creator.id === 'creator-lin')!;
        expect(await store.creatorByHandle(lin.handle)).toEqual(lin);
        expect(await store.creatorByHandle(lin.handle.toUpperCase())).toEqual(lin);
        expect(await store.creatorByHandle('nobody-here')).toBeNull();
      });

      it('keeps the first share token of a recommendation for good, and resolves it', async () => {
        expect(await store.shareToken('rec-lin-serum', '0123456789')).toBe('0123456789');
        expect(await store.shareToken('rec-lin-serum', 'ABCDEFGHJK')).toBe('0123456789');
        expect(await store.recommendationByShareToken('0123456789')).toBe('rec-lin-serum');
        expect(await store.recommendationByShareToken('ABCDEFGHJK')).toBeNull();
        expect(await store.shareToken('rec-unknown', 'ABCDEFGHJM')).toBeNull();
        expect(await store.recommendationByShareToken('ABCDEFGHJM')).toBeNull();
      });

      it('keeps the first platform secret of a name for good, one per name, when first requests race', async () => {
        const candidates = ['stream-secret-one-0001', 'stream-secret-two-0002', 'stream-secret-three-03'];
        const secrets = await Promise.all(candidates.map((candidate) => store.platformSecret('stream', candidate)));
        expect(new Set(secrets).size).toBe(1);
        expect(candidates).toContain(secrets[0]);
        expect(await store.platformSecret('stream', 'stream-secret-later-0004')).toBe(secrets[0]);
        expect(await store.platformSecret('visitor', 'visitor-salt-0000000001')).toBe('visitor-salt-0000000001');
      });

      it('agrees on one token when first requests race', async () => {
        const candidates = ['1111111111', '2222222222', '3333333333', '4444444444'];
        const tokens = await Promise.all(candidates.map((candidate) => store.shareToken('rec-sam-earbuds', candidate)));
        expect(new Set(tokens).size).toBe(1);
        expect(candidates).toContain(tokens[0]);
        expect(await store.recommendationByShareToken(tokens[0]!)).toBe('rec-sam-earbuds');
      });

      it('keeps the trigger of a click the platform recorded', async () => {
        const scan = event({ type: 'click', clickId: clickId(40), partnerId: 'partner-hanfang', trigger: 'qr' });
        expect(await store.insertEvents([scan])).toMatchObject({ accepted: 1, duplicates: 0, filtered: 0 });
        expect(await store.touchesByClickIds([clickId(40)])).toHaveLength(1);
        const checkout = event({ type: 'checkout', clickId: clickId(40), partnerId: 'partner-hanfang', trigger: 'go' });
        await store.insertEvents([checkout]);
        expect(await store.checkoutEvents(clickId(40))).toEqual([checkout]);
      });
    });

    describe('events and touches', () => {
      it('accepts new events once, including duplicates inside one batch', async () => {
        const [a, b, c] = [event({ type: 'impression' }), event({ type: 'impression' }), event({ type: 'add_to_cart', sku: 'HF-88123', quantity: 2 })];
        expect(await store.insertEvents([a!, b!, { ...a! }])).toEqual({ accepted: 2, duplicates: 1, filtered: 0, outcomes: ['accepted', 'accepted', 'duplicate'] });
        expect(await store.insertEvents([a!, c!])).toEqual({ accepted: 1, duplicates: 1, filtered: 0, outcomes: ['duplicate', 'accepted'] });
        expect(await store.insertEvents([])).toEqual({ accepted: 0, duplicates: 0, filtered: 0, outcomes: [] });
      });

      it('turns clicks with a click id and a partner into touches', async () => {
        const click = event({ type: 'click', clickId: clickId(1), partnerId: 'partner-hanfang', at: at(-2) });
        await store.insertEvents([
          click,
          event({ type: 'click', clickId: clickId(2) }), // no partner: not a touch
          event({ type: 'impression', clickId: clickId(3), partnerId: 'partner-hanfang' }), // not a click
        ]);
        expect(await store.touchesByClickIds([clickId(1), clickId(2), clickId(3), clickId(4)])).toEqual([
          { clickId: clickId(1), partnerId: 'partner-hanfang', creatorId: 'creator-lin', recommendationId: 'rec-lin-serum', at: at(-2) },
        ]);
        expect(await store.touchesByClickIds([])).toEqual([]);
      });

      it('returns the checkout events of a click id in arrival order, whatever their own time says, fields intact', async () => {
        const first = event({ type: 'checkout', clickId: clickId(7), partnerId: 'partner-hanfang', sku: 'HF-88123', quantity: 2, at: at(3) });
        const backdated = event({ type: 'checkout', clickId: clickId(7), partnerId: 'partner-hanfang', sku: 'HF-90001', quantity: 1, at: at(1) });
        await store.insertEvents([first, event({ type: 'add_to_cart', clickId: clickId(7), sku: 'HF-1' }), event({ type: 'checkout', clickId: clickId(8) })]);
        await store.insertEvents([backdated]);
        expect(await store.checkoutEvents(clickId(7))).toEqual([first, backdated]);
        expect(await store.checkoutEvents(clickId(9))).toEqual([]);
      });

      it('binds a click id with its first click event and never rebinds it', async () => {
        const first = event({ type: 'click', clickId: clickId(5), partnerId: 'partner-hanfang', at: at(2) });
        const rebind = event({ type: 'click', clickId: clickId(5), partnerId: 'partner-jingxuan', recommendationId: 'rec-sam-hostile', creatorId: 'creator-sam', at: at(1) });
        // A later click of a bound click id is kept out of the numbers (one click per click id); its retry is a duplicate.
        expect(await store.insertEvents([first, rebind])).toEqual({ accepted: 1, duplicates: 0, filtered: 1, outcomes: ['accepted', 'filtered'] });
        expect(await store.insertEvents([{ ...rebind, id: 'evt-rebind-later-0001' }, rebind])).toEqual({ accepted: 0, duplicates: 1, filtered: 1, outcomes: ['filtered', 'duplicate'] });
        expect(await store.touchesByClickIds([clickId(5)])).toEqual([
          { clickId: clickId(5), partnerId: 'partner-hanfang', creatorId: 'creator-lin', recommendationId: 'rec-lin-serum', at: at(2) },
        ]);
        // Concurrent first clicks: one binds.
        const racing = Array.from({ length: 6 }, (_, i) => event({ type: 'click', clickId: clickId(6), partnerId: 'partner-hanfang', at: at(i) }));
        const results = await Promise.all(racing.map((click) => store.insertEvents([click])));
        expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(1);
        expect(await store.touchesByClickIds([clickId(6)])).toHaveLength(1);
        // The stats count the binding click only.
        const [serum] = (await store.creatorStats('creator-lin')).filter((row) => row.recommendationId === 'rec-lin-serum');
        expect(serum?.clicks).toBe(2);
      });

      it('counts a batch delivered twice at once exactly once', async () => {
        const batch = Array.from({ length: 10 }, (_, i) => event({ type: i % 2 ? 'impression' : 'click', clickId: clickId(100 + i), partnerId: 'partner-hanfang' }));
        const results = await Promise.all([store.insertEvents(batch), store.insertEvents(batch), store.insertEvents(batch)]);
        expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(10);
        expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(20);
        expect(await store.touchesByClickIds(batch.map((e) => e.clickId!))).toHaveLength(5);
      });
    });

    describe('orders', () => {
      it('creates an order once: a second create of the same partner order changes nothing and says so', async () => {
        expect(await store.createOrder(order({ id: 'ord-1' }))).toBe(true);
        expect(await store.createOrder(order({ id: 'ord-2', partnerOrderId: 'PO-ord-1', status: 'paid' }))).toBe(false);
        expect(await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-1')).toEqual(order({ id: 'ord-1' }));
        const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => store.createOrder(order({ id: `ord-r${i}`, partnerOrderId: 'PO-race' }))));
        expect(racing.filter(Boolean)).toHaveLength(1);
      });

      it('serializes transactions that lock the same order, and not those of other orders', async () => {
        const steps: string[] = [];
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const holding = new Promise<void>((resolve) => (locked = resolve));
        const first = store.transaction(async (tx) => {
          await tx.lockOrder('partner-hanfang', 'PO-lock');
          locked();
          await gate;
          steps.push('first done');
        });
        await holding;
        const other = store.transaction(async (tx) => {
          await tx.lockOrder('partner-hanfang', 'PO-other');
          steps.push('other order');
        });
        const second = store.transaction(async (tx) => {
          await tx.lockOrder('partner-hanfang', 'PO-lock');
          steps.push('second');
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
        release();
        await Promise.all([first, other, second]);
        expect(steps.indexOf('second') > steps.indexOf('first done')).toBe(true);
      });

      it('saves, finds by partner order id and replaces by id', async () => {
        const placed = order({ id: 'ord-1', clickId: clickId(1), creatorId: 'creator-lin' });
        await store.saveOrder(placed);
        expect(await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-1')).toEqual(placed);
        expect(await store.orderByPartnerOrderId('partner-jingxuan', 'PO-ord-1')).toBeNull();
        const paid = { ...placed, status: 'paid' as const, timeline: [...placed.timeline, { status: 'paid' as const, at: at(1) }] };
        await store.saveOrder(paid);
        expect(await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-1')).toEqual(paid);
      });

      it('refuses another order id for a partner order already recorded', async () => {
        await store.saveOrder(order({ id: 'ord-1' }));
        await expect(store.saveOrder(order({ id: 'ord-2', partnerOrderId: 'PO-ord-1' }))).rejects.toThrow();
        expect((await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-1'))?.id).toBe('ord-1');
      });

      it('keeps order amounts beyond 32 bits exact', async () => {
        const big = order({
          id: 'ord-big',
          lines: [{ title: 'Everything', quantity: 1, amount: cny(2 ** 53 - 1) }],
          total: cny(2 ** 53 - 1),
        });
        await store.saveOrder(big);
        expect(await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-big')).toEqual(big);
      });

      it('lists the orders of some click ids, newest first', async () => {
        await store.saveOrder(order({ id: 'ord-old', clickId: clickId(1), timeline: [{ status: 'placed', at: at(1) }] }));
        await store.saveOrder(order({ id: 'ord-new', clickId: clickId(2), timeline: [{ status: 'placed', at: at(5) }] }));
        await store.saveOrder(order({ id: 'ord-other', clickId: clickId(3), timeline: [{ status: 'placed', at: at(9) }] }));
        await store.saveOrder(order({ id: 'ord-none', timeline: [{ status: 'placed', at: at(9) }] }));
        expect((await store.ordersByClickIds([clickId(1), clickId(2), clickId(4)])).map((o) => o.id)).toEqual(['ord-new', 'ord-old']);
        expect(await store.ordersByClickIds([])).toEqual([]);
      });
    });

    describe('conversion receipts', () => {
      it('refuses a redelivery of a webhook id, per partner, and nothing else', async () => {
        expect(await store.claimConversion(receipt())).toBe(true);
        expect(await store.claimConversion(receipt({ status: 'shipped' }))).toBe(false); // same webhook id
        // Same order and status, another message: a cumulative refund, decided by the domain.
        expect(await store.claimConversion(receipt({ webhookId: 'msg_2' }))).toBe(true);
        expect(await store.claimConversion(receipt({ partnerId: 'partner-jingxuan' }))).toBe(true); // other partner
      });

      it('lets exactly one of several concurrent deliveries win', async () => {
        const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimConversion(receipt({ webhookId: 'msg_race' }))));
        expect(claims.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('webhook outbox', () => {
      const ids = async (now: number, limit = 10) => (await store.dueWebhooks(now, limit)).map((m) => m.id);

      it('lists due messages earliest due first, then in enqueue order, at most limit', async () => {
        const messages = [
          message({ id: 'msg_b' }),
          message({ id: 'msg_later', nextAttemptAt: BASE + HOUR }),
          message({ id: 'msg_B' }),
          message({ id: 'msg_early', nextAttemptAt: BASE - HOUR }),
          message({ id: 'msg_a' }),
        ];
        for (const m of messages) await store.enqueueWebhook(m);
        const due = await store.dueWebhooks(BASE, 10);
        // Enqueue order is neither byte-wise nor locale order of the ids.
        expect(due).toEqual([messages[3], messages[0], messages[2], messages[4]].map((m) => pending(m!)));
        expect(await ids(BASE, 2)).toEqual(['msg_early', 'msg_b']);
        expect(await ids(BASE + HOUR)).toEqual(['msg_early', 'msg_b', 'msg_B', 'msg_a', 'msg_later']);
        expect(await ids(BASE, 0)).toEqual([]);
      });

      it('hands out at most perPartner messages of each partner, so one partner’s backlog never hides another’s', async () => {
        for (let i = 0; i < 4; i++) await store.enqueueWebhook(message({ id: `msg_h${i}` }));
        await store.enqueueWebhook(message({ id: 'msg_g', partnerId: 'partner-gadgetbay', nextAttemptAt: BASE + 1 }));
        expect((await store.dueWebhooks(BASE + 1, 10, 2)).map((m) => m.id)).toEqual(['msg_h0', 'msg_h1', 'msg_g']);
        expect((await store.dueWebhooks(BASE + 1, 10)).map((m) => m.id)).toHaveLength(5);
      });

      it('is not due before next_attempt_at, to the millisecond', async () => {
        await store.enqueueWebhook(message({ id: 'msg_1', nextAttemptAt: BASE + 1 }));
        expect(await ids(BASE)).toEqual([]);
        expect(await store.dueWebhooks(BASE + 1, 10)).toEqual([pending(message({ id: 'msg_1', nextAttemptAt: BASE + 1 }))]);
      });

      it('ignores the enqueue of an id already there, even concurrent ones', async () => {
        const first = message({ id: 'msg_1', payload: '{"v":1}' });
        await store.enqueueWebhook(first);
        await store.recordWebhookAttempt('msg_1', { status: 500, deliveredAt: null, nextAttemptAt: BASE + 5_000 });
        await store.enqueueWebhook(message({ id: 'msg_1', payload: '{"v":2}', type: 'other', nextAttemptAt: BASE }));
        expect(await store.webhookMessage('msg_1')).toEqual({ ...pending(first), nextAttemptAt: BASE + 5_000, attempts: 1, lastStatus: 500 });
        await Promise.all(Array.from({ length: 5 }, () => store.enqueueWebhook(message({ id: 'msg_race' }))));
        expect(await ids(BASE)).toEqual(['msg_race']);
      });

      it('drops a delivered message from the due list, keeping its record', async () => {
        await store.enqueueWebhook(message({ id: 'msg_1' }));
        await store.enqueueWebhook(message({ id: 'msg_2' }));
        await store.recordWebhookAttempt('msg_1', { status: 204, deliveredAt: BASE + 250, nextAttemptAt: null });
        expect(await ids(BASE + HOUR)).toEqual(['msg_2']);
        expect(await store.webhookMessage('msg_1')).toEqual({ ...pending(message({ id: 'msg_1' })), attempts: 1, lastStatus: 204, deliveredAt: BASE + 250 });
      });

      it('keeps a delivered message delivered when a slower dispatcher reports a failure afterwards', async () => {
        await store.enqueueWebhook(message({ id: 'msg_1' }));
        await store.recordWebhookAttempt('msg_1', { status: 204, deliveredAt: BASE + 250, nextAttemptAt: null });
        await store.recordWebhookAttempt('msg_1', { status: 503, deliveredAt: null, nextAttemptAt: BASE + 5_000 });
        await store.recordWebhookAttempt('msg_1', { status: 0, deliveredAt: null, nextAttemptAt: null });
        expect(await ids(BASE + HOUR)).toEqual([]);
        expect(await store.webhookMessage('msg_1')).toMatchObject({ attempts: 3, lastStatus: 204, deliveredAt: BASE + 250, abandoned: false });
      });

      it('reschedules a failed attempt to its next_attempt_at, keeping its enqueue order', async () => {
        await store.enqueueWebhook(message({ id: 'msg_z' }));
        await store.enqueueWebhook(message({ id: 'msg_a', nextAttemptAt: BASE + 5_000 }));
        await store.recordWebhookAttempt('msg_z', { status: 503, deliveredAt: null, nextAttemptAt: BASE + 5_000 });
        expect(await ids(BASE + 4_999)).toEqual([]);
        const due = await store.dueWebhooks(BASE + 5_000, 10);
        expect(due.map((m) => m.id)).toEqual(['msg_z', 'msg_a']);
        expect(due[0]).toEqual({ ...pending(message({ id: 'msg_z' })), nextAttemptAt: BASE + 5_000, attempts: 1, lastStatus: 503 });
      });

      it('drops an abandoned message from the due list for good', async () => {
        await store.enqueueWebhook(message({ id: 'msg_1' }));
        await store.recordWebhookAttempt('msg_1', { status: 0, deliveredAt: null, nextAttemptAt: null });
        expect(await ids(BASE + 1_000 * HOUR)).toEqual([]);
        expect(await store.webhookMessage('msg_1')).toEqual({ ...pending(message({ id: 'msg_1' })), attempts: 1, lastStatus: 0, abandoned: true });
      });

      it('counts every attempt, concurrent ones included', async () => {
        await store.enqueueWebhook(message({ id: 'msg_1' }));
        for (const status of [500, 502]) await store.recordWebhookAttempt('msg_1', { status, deliveredAt: null, nextAttemptAt: BASE + 1 });
        await Promise.all(Array.from({ length: 6 }, () => store.recordWebhookAttempt('msg_1', { status: 429, deliveredAt: null, nextAttemptAt: BASE + 2 })));
        expect(await store.webhookMessage('msg_1')).toMatchObject({ attempts: 8, lastStatus: 429, nextAttemptAt: BASE + 2, deliveredAt: null, abandoned: false });
      });

      it('returns the payload byte for byte', async () => {
        const json = JSON.stringify({ order: { lines: [{ title: '山茶花保湿精华液 「广告」', note: '🛍️👩‍👩‍👧 ok' }] }, amount: 19900 });
        // Spacing, duplicate keys, escapes and number spelling that a jsonb column would rewrite.
        const raw = String.raw`{ "z": 1.50,  "a": "广告 😀 \u00e9 \u0000 \ud83d\ude00",` + '\n\t"z": 2, "n": 1e2 }';
        await store.enqueueWebhook(message({ id: 'msg_json', payload: json }));
        await store.enqueueWebhook(message({ id: 'msg_raw', payload: raw }));
        expect((await store.webhookMessage('msg_json'))?.payload).toBe(json);
        expect((await store.webhookMessage('msg_raw'))?.payload).toBe(raw);
        const due = await store.dueWebhooks(BASE, 10);
        expect(due.map((m) => hex(m.payload))).toEqual([json, raw].map(hex));
      });

      it('refuses a message for an unknown partner', async () => {
        await expect(store.enqueueWebhook(message({ id: 'msg_1', partnerId: 'partner-nope' }))).rejects.toThrow();
        expect(await store.webhookMessage('msg_1')).toBeNull();
      });

      it('returns null for an unknown message, ignores an attempt on it, and hands out copies', async () => {
        expect(await store.webhookMessage('msg_nope')).toBeNull();
        await store.recordWebhookAttempt('msg_nope', { status: 204, deliveredAt: BASE, nextAttemptAt: null });
        expect(await store.webhookMessage('msg_nope')).toBeNull();
        await store.enqueueWebhook(message({ id: 'msg_1' }));
        const [due] = await store.dueWebhooks(BASE, 10);
        due!.attempts = 99;
        due!.payload = 'changed';
        expect(await store.webhookMessage('msg_1')).toEqual(pending(message({ id: 'msg_1' })));
      });
    });

    describe('ledger and payouts', () => {
      it('appends entries in booking order, per order, and refuses an id booked already', async () => {
        await store.saveOrder(order({ id: 'ord-1' }));
        await store.saveOrder(order({ id: 'ord-2' }));
        const a = entry({ id: 'ord-1:0:0', orderId: 'ord-1' });
        const b = entry({ id: 'ord-1:0:1', orderId: 'ord-1', kind: 'reversal', amount: cny(-194), base: null, rateBps: null });
        const other = entry({ id: 'ord-2:0:0', orderId: 'ord-2', amount: usd(2 ** 53 - 1), base: usd(2 ** 53 - 1) });
        await store.appendLedger([b, a]);
        await store.appendLedger([other]);
        await store.appendLedger([]);
        expect(await store.ledgerForOrder('ord-1')).toEqual([b, a]);
        expect(await store.ledgerForOrder('ord-2')).toEqual([other]);
        await expect(store.appendLedger([entry({ id: 'ord-1:0:0', orderId: 'ord-1', amount: cny(1) })])).rejects.toThrow();
        expect(await store.ledgerForOrder('ord-1')).toEqual([b, a]);
        expect(await store.ledgerForOrder('ord-none')).toEqual([]);
      });

      it('lists payable entries (approved, unpaid, booked before the end), pays them once, and gives the statement', async () => {
        await store.saveOrder(order({ id: 'ord-1' }));
        const approved = entry({ id: 'ord-1:0:0', orderId: 'ord-1', balance: 'approved', createdAt: at(1) });
        const clawback = entry({ id: 'ord-1:0:1', orderId: 'ord-1', balance: 'approved', kind: 'adjustment', amount: cny(-94), base: null, rateBps: null, createdAt: at(2) });
        const late = entry({ id: 'ord-1:0:2', orderId: 'ord-1', balance: 'approved', amount: cny(7), createdAt: at(10) });
        const pendingEntry = entry({ id: 'ord-1:1:0', orderId: 'ord-1', lineIndex: 1, createdAt: at(1) });
        const sams = entry({ id: 'ord-1:2:0', orderId: 'ord-1', lineIndex: 2, creatorId: 'creator-sam', balance: 'approved', amount: usd(50), createdAt: at(1) });
        await store.appendLedger([approved, clawback, late, pendingEntry, sams]);
        expect((await store.payableEntries(at(10))).map((e) => e.id)).toEqual(['ord-1:0:0', 'ord-1:0:1', 'ord-1:2:0']);
        expect((await store.payableEntries(at(10), 'creator-sam')).map((e) => e.id)).toEqual(['ord-1:2:0']);
        expect(await store.latestPayout('creator-lin', 'CNY')).toBeNull();

        const paid = payout({ id: 'pay-1', amount: cny(1100) });
        await store.transaction(async (tx) => {
          await tx.lockPayouts();
          await tx.recordPayout(paid, ['ord-1:0:0', 'ord-1:0:1']);
        });
        expect(await store.latestPayout('creator-lin', 'CNY')).toEqual(paid);
        expect(await store.latestPayout('creator-lin', 'USD')).toBeNull();
        expect(await store.payoutStatement('pay-1')).toEqual({ payout: paid, entries: [{ ...approved, payoutId: 'pay-1' }, { ...clawback, payoutId: 'pay-1' }] });
        expect(await store.payoutStatement('pay-none')).toBeNull();
        expect(await store.payoutsOf('creator-lin')).toEqual([paid]);
        // The payout entry: minus the sum, in the approved balance, never payable itself.
        const ledger = await store.ledgerForOrder('ord-1');
        expect(ledger.filter((e) => e.payoutId === 'pay-1').map((e) => e.id)).toEqual(['ord-1:0:0', 'ord-1:0:1']);
        expect((await store.payableEntries(at(20))).map((e) => e.id)).toEqual(['ord-1:0:2', 'ord-1:2:0']);
        const stats = (await store.creatorStats('creator-lin')).find((row) => row.recommendationId === 'rec-lin-serum');
        expect(stats).toMatchObject({ commissionPending: [cny(1194)], commissionApproved: [cny(1107)], commissionPaid: [cny(1100)], commissionReversed: [cny(94)] });
      });

      it('never pays an entry twice, nor a pending, foreign or unknown one, and keeps nothing of a refused payout', async () => {
        await store.saveOrder(order({ id: 'ord-1' }));
        await store.appendLedger([
          entry({ id: 'ord-1:0:0', orderId: 'ord-1', balance: 'approved' }),
          entry({ id: 'ord-1:1:0', orderId: 'ord-1', lineIndex: 1 }),
          entry({ id: 'ord-1:2:0', orderId: 'ord-1', lineIndex: 2, creatorId: 'creator-sam', balance: 'approved' }),
        ]);
        await store.transaction((tx) => tx.recordPayout(payout({ id: 'pay-1' }), ['ord-1:0:0']));
        for (const [id, entries] of [
          ['pay-2', ['ord-1:0:0']],
          ['pay-3', ['ord-1:1:0']],
          ['pay-4', ['ord-1:2:0']],
          ['pay-5', ['ord-nope:0:0']],
        ] as const) {
          await expect(store.transaction((tx) => tx.recordPayout(payout({ id }), entries))).rejects.toThrow();
          expect(await store.payoutStatement(id)).toBeNull();
        }
        expect((await store.payoutStatement('pay-1'))?.entries.map((e) => e.id)).toEqual(['ord-1:0:0']);
        expect((await store.payableEntries(at(10))).map((e) => e.id)).toEqual(['ord-1:2:0']);
      });
    });

    describe('creator stats', () => {
      it('aggregates events, net order amounts and commission per recommendation', async () => {
        await store.insertEvents([
          event({ type: 'impression' }),
          event({ type: 'impression' }),
          event({ type: 'impression' }),
          event({ type: 'click', clickId: clickId(1), partnerId: 'partner-hanfang' }),
          event({ type: 'impression', recommendationId: 'rec-lin-tea' }),
          event({ type: 'impression', recommendationId: 'rec-sam-earbuds', creatorId: 'creator-sam' }),
        ]);
        const earbuds = (amount: number, refunded?: number) => ({
          recommendationId: 'rec-lin-earbuds',
          title: 'Aero Buds Pro',
          quantity: 1,
          amount: usd(amount),
          ...(refunded !== undefined && { refunded: usd(refunded) }),
        });
        await store.saveOrder(
          order({
            id: 'o-paid',
            status: 'paid',
            lines: [
              { recommendationId: 'rec-lin-serum', title: '精华液', quantity: 1, amount: cny(19900) },
              { title: 'Unattributed gift wrap', quantity: 1, amount: cny(500) },
            ],
          }),
        );
        await store.saveOrder(order({ id: 'o-cancelled', status: 'cancelled' }));
        await store.saveOrder(
          order({ id: 'o-refunded', status: 'refunded', lines: [{ recommendationId: 'rec-lin-tea', title: '龙井', quantity: 1, amount: cny(36800), refunded: cny(36800) }] }),
        );
        await store.saveOrder(order({ id: 'o-usd', status: 'delivered', lines: [earbuds(12999, 2999), earbuds(5000)], total: usd(17999) }));
        const earbudsEntry = (id: string, fields: Partial<LedgerEntry>) => entry({ id, orderId: 'o-usd', recommendationId: 'rec-lin-earbuds', base: usd(12999), ...fields });
        await store.appendLedger([
          entry({ id: 'c1', orderId: 'o-paid' }),
          earbudsEntry('c2', { amount: usd(800), balance: 'approved' }),
          earbudsEntry('c5', { amount: usd(300), balance: 'approved' }),
          earbudsEntry('c5r', { kind: 'reversal', amount: usd(-300), balance: 'approved' }),
          earbudsEntry('c6', { amount: usd(50), creatorId: 'creator-sam' }),
          entry({ id: 'c7', orderId: 'o-refunded', recommendationId: 'rec-lin-tea', amount: cny(2208), balance: 'approved' }),
          entry({ id: 'c7r', orderId: 'o-refunded', recommendationId: 'rec-lin-tea', kind: 'reversal', amount: cny(-2208), balance: 'approved' }),
        ]);

        const stats = await store.creatorStats('creator-lin');
        const empty = { impressions: 0, clicks: 0, orders: 0, gmv: [], commissionPending: [], commissionApproved: [], commissionPaid: [], commissionReversed: [] };
        expect(stats).toEqual([
          { recommendationId: 'rec-lin-earbuds', title: 'Aero Buds Pro wireless earbuds with active noise cancelling', ...empty, orders: 1, gmv: [usd(15000)], commissionApproved: [usd(800)], commissionReversed: [usd(300)] },
          { recommendationId: 'rec-lin-mooncake', title: '流心奶黄月饼 6 枚礼盒', ...empty },
          { recommendationId: 'rec-lin-hotpot', title: '重庆牛油火锅底料 4 袋装', ...empty },
          { recommendationId: 'rec-lin-tea', title: '明前龙井茶 250g 礼盒装', ...empty, impressions: 1, commissionReversed: [cny(2208)] },
          { recommendationId: 'rec-lin-sunscreen', title: '轻薄防晒乳 SPF50+ PA++++ 50ml', ...empty },
          { recommendationId: 'rec-lin-serum', title: '山茶花保湿精华液 30ml', ...empty, impressions: 3, clicks: 1, orders: 1, gmv: [cny(19900)], commissionPending: [cny(1194)] },
        ]);
        expect(await store.creatorStats('creator-nope')).toEqual([]);
      });
    });



    describe('event pipeline', () => {
      const range = { from: BASE, to: BASE + 3 * HOUR, bucket: 'hour' as const, timeZone: 'UTC' };

      /** Fixed ids, so that the reference store can be given the very same batch. */
      const pipelineBatch = () => {
        const visitor = 'visitor-0000000000000001';
        const id = (n: number) => `evt-pipe-${String(n).padStart(12, '0')}`;
        return [
          { ...event({ type: 'impression', at: at(0) }), id: id(1), page: 'https://blog.example/post', placement: 'top' },
          { ...event({ type: 'impression', at: at(0) }), id: id(2), page: 'https://blog.example/post', placement: 'top' },
          { ...event({ type: 'impression', at: at(1) }), id: id(3), filtered: 'bot' as const },
          { ...event({ type: 'click', clickId: clickId(40), partnerId: 'partner-hanfang', at: at(1) }), id: id(4), visitor },
          { ...event({ type: 'click', clickId: clickId(41), partnerId: 'partner-hanfang', at: at(1) }), id: id(5), visitor },
          { ...event({ type: 'click', clickId: clickId(42), partnerId: 'partner-hanfang', at: at(2) }), id: id(6), visitor },
        ];
      };

      it('counts filtered events apart, one counted click per visitor, recommendation and hour, and reads the range from the rollups', async () => {
        const stored = await store.insertEvents(pipelineBatch());
        expect(stored).toEqual({ accepted: 4, duplicates: 0, filtered: 2, outcomes: ['accepted', 'accepted', 'filtered', 'accepted', 'filtered', 'accepted'] });
        // A repeated click still binds its click id: attribution never depends on the numbers.
        expect((await store.touchesByClickIds([clickId(41)])).map((t) => t.clickId)).toEqual([clickId(41)]);

        const report = await store.statsReport('creator-lin', range);
        const memory = reference();
        await memory.insertEvents(pipelineBatch());
        expect(report).toEqual(await memory.statsReport('creator-lin', range));
        expect(report.series.map((point) => [point.start, point.impressions, point.clicks])).toEqual([
          [at(0), 2, 0],
          [at(1), 0, 1],
          [at(2), 0, 1],
        ]);
        expect(report.filtered).toEqual({ total: 2, byReason: { bot: 1, repeat_click: 1 } });
        expect(report.placements.find((p) => p.page === 'https://blog.example/post')).toMatchObject({ placement: 'top', impressions: 2, clicks: 0 });
        expect(report.recommendations.find((r) => r.recommendationId === 'rec-lin-serum')).toMatchObject({ impressions: 2, clicks: 2 });
        // The same batch again: every event a duplicate, the numbers unchanged.
        expect(await store.insertEvents(pipelineBatch())).toMatchObject({ accepted: 0, duplicates: 6, filtered: 0 });
        expect(await store.statsReport('creator-lin', range)).toEqual(report);
      });

      it('drops raw events by retention and keeps the hourly numbers and the touches', async () => {
        const now = BASE + 40 * 24 * HOUR;
        // Days left by earlier tests go first (a SQL store keeps empty day partitions until retention drops them).
        await store.prune({ rawBefore: BASE + 24 * HOUR, minutesBefore: BASE, changesBefore: BASE, now });
        await store.insertEvents([event({ type: 'impression', at: at(0) }), event({ type: 'click', clickId: clickId(43), partnerId: 'partner-hanfang', at: at(0) })]);
        const before = await store.statsReport('creator-lin', range);
        const pruned = await store.prune({ rawBefore: BASE + 24 * HOUR, minutesBefore: BASE + 24 * HOUR, changesBefore: now, now });
        expect(pruned.rawDays).toBe(1);
        expect(await store.statsReport('creator-lin', range)).toEqual(before);
        expect(await store.touchesByClickIds([clickId(43)])).toHaveLength(1);
        expect((await store.prune({ rawBefore: BASE + 24 * HOUR, minutesBefore: BASE, changesBefore: now, now })).rawDays).toBe(0);
      });
    });

    describe('change feed and background jobs', () => {
      it('shows the changes of a committed transaction, in order, and none of a rolled-back one', async () => {
        const start = (await store.changesSince(0, 1000)).head;
        await store.transaction(async (tx) => tx.recordChanges([{ topic: 'orders', key: clickId(50) }, { topic: 'stats', key: 'creator-lin' }]));
        await store
          .transaction(async (tx) => {
            await tx.recordChanges([{ topic: 'stats', key: 'creator-sam' }]);
            throw new Error('rolled back');
          })
          .catch(() => {});
        const feed = await store.changesSince(start, 1000);
        expect(feed.complete).toBe(true);
        expect(feed.changes.map(({ topic, key }) => ({ topic, key }))).toEqual([
          { topic: 'orders', key: clickId(50) },
          { topic: 'stats', key: 'creator-lin' },
        ]);
        expect(feed.head).toBe(feed.changes.at(-1)!.seq);
        expect((await store.changesSince(feed.head, 1000)).changes).toEqual([]);
      });

      it('wakes a watcher once a change is committed, until it stops', async () => {
        // A watcher may be called at any time (calls are hints: it reads `changesSince`); it must be called once a commit is made.
        let writing = false;
        let woken!: () => void;
        const wake = new Promise<void>((resolve) => (woken = resolve));
        const stop = await store.watchChanges(() => {
          if (writing) woken();
        });
        writing = true;
        await store.transaction(async (tx) => tx.recordChanges([{ topic: 'stats', key: 'creator-lin' }]));
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([wake, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('not woken within 5 s')), 5_000)))]);
        clearTimeout(timer);
        await stop();
      });

      it('gives a due job to exactly one of several concurrent claims per period', async () => {
        const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimJob('retention', BASE, HOUR)));
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await store.claimJob('retention', BASE + HOUR - 1, HOUR)).toBe(false);
        expect(await store.claimJob('retention', BASE + HOUR, HOUR)).toBe(true);
        expect(await store.claimJob('another', BASE, HOUR)).toBe(true);
      });

      it('never hands the same outbox message to two concurrent claims, and hands it out again once the lease ran out', async () => {
        for (let i = 0; i < 8; i++) await store.enqueueWebhook(message({ id: `msg_claim_${i}` }));
        const claims = await Promise.all(Array.from({ length: 4 }, () => store.claimWebhooks(BASE, { limit: 3, leaseMs: 60_000 })));
        const ids = claims.flatMap((claim) => claim.map((m) => m.id));
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toHaveLength(8);
        expect(await store.claimWebhooks(BASE + 59_999, { limit: 10, leaseMs: 60_000 })).toEqual([]);
        await store.recordWebhookAttempt('msg_claim_0', { status: 500, deliveredAt: null, nextAttemptAt: BASE + 1_000 });
        expect((await store.claimWebhooks(BASE + 2_000, { limit: 10, leaseMs: 60_000 })).map((m) => m.id)).toEqual(['msg_claim_0']);
        const expired = await store.claimWebhooks(BASE + 60_000, { limit: 10, leaseMs: 60_000, skipPartners: ['partner-jingxuan'] });
        expect(expired.map((m) => m.id)).toEqual(['msg_claim_1', 'msg_claim_2', 'msg_claim_3', 'msg_claim_4', 'msg_claim_5', 'msg_claim_6', 'msg_claim_7']);
        expect(await store.claimWebhooks(BASE + 200_000, { limit: 10, leaseMs: 60_000, skipPartners: ['partner-hanfang'] })).toEqual([]);
      });
    });

    describe('transactions', () => {
      const paid = () => order({ id: 'ord-tx', status: 'paid', timeline: [{ status: 'placed', at: at(0) }, { status: 'paid', at: at(1) }] });
      const writeAll = async (tx: PlatformStore) => {
        expect(await tx.claimConversion(receipt({ partnerOrderId: 'PO-ord-tx' }))).toBe(true);
        await tx.lockOrder('partner-hanfang', 'PO-ord-tx');
        expect(await tx.createOrder(paid())).toBe(true);
        await tx.appendLedger([entry({ id: 'ord-tx:0:0', orderId: 'ord-tx' })]);
        await tx.enqueueWebhook(message({ id: 'msg_tx' }));
        await tx.insertEvents([event({ type: 'impression', id: 'evt-tx-000000000001' })]);
      };
      const nothingWritten = async () => {
        expect(await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-tx')).toBeNull();
        expect(await store.ledgerForOrder('ord-tx')).toEqual([]);
        expect(await store.webhookMessage('msg_tx')).toBeNull();
        // The receipt was not kept: the same callback may be claimed again.
        expect(await store.claimConversion(receipt({ partnerOrderId: 'PO-ord-tx' }))).toBe(true);
        expect(await store.insertEvents([event({ type: 'impression', id: 'evt-tx-000000000001' })])).toMatchObject({ accepted: 1, duplicates: 0 });
      };

      it('commits every write of a transaction together and resolves to its result', async () => {
        const result = await store.transaction(async (tx) => {
          await writeAll(tx);
          // A transaction reads its own writes.
          expect((await tx.orderByPartnerOrderId('partner-hanfang', 'PO-ord-tx'))?.status).toBe('paid');
          return 'done';
        });
        expect(result).toBe('done');
        expect(await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-tx')).toEqual(paid());
        expect(await store.ledgerForOrder('ord-tx')).toEqual([entry({ id: 'ord-tx:0:0', orderId: 'ord-tx' })]);
        expect(await store.webhookMessage('msg_tx')).toEqual(pending(message({ id: 'msg_tx' })));
        expect(await store.claimConversion(receipt({ partnerOrderId: 'PO-ord-tx' }))).toBe(false);
      });

      it('keeps none of the writes of a transaction that throws, and rethrows its error', async () => {
        const failure = new Error('step 5 failed');
        let thrown: unknown;
        try {
          await store.transaction(async (tx) => {
            await writeAll(tx);
            throw failure;
          });
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBe(failure);
        await nothingWritten();
      });

      it('undoes updates and deletes too, not only inserts', async () => {
        await store.saveOrder(order({ id: 'ord-1' }));
        await store.appendLedger([entry({ id: 'ord-1:0:0', orderId: 'ord-1', balance: 'approved' })]);
        await store.enqueueWebhook(message({ id: 'msg_1' }));
        expect(await store.claimIdempotencyKey('creator-lin', 'key-1', 'fp')).toBeNull();
        const before = {
          order: await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-1'),
          ledger: await store.ledgerForOrder('ord-1'),
          message: await store.webhookMessage('msg_1'),
          partner: await store.partnerSecrets('partner-hanfang'),
        };
        await store
          .transaction(async (tx) => {
            await tx.saveOrder({ ...order({ id: 'ord-1' }), status: 'paid' });
            await tx.recordPayout(payout({ id: 'pay-tx' }), ['ord-1:0:0']);
            await tx.recordWebhookAttempt('msg_1', { status: 204, deliveredAt: BASE, nextAttemptAt: null });
            await tx.completeIdempotencyKey('creator-lin', 'key-1', { status: 201, body: { ok: true } });
            await tx.releaseIdempotencyKey('creator-sam', 'none');
            await tx.setPartnerSecrets('partner-hanfang', ['whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=']);
            throw new Error('rollback');
          })
          .catch(() => {});
        expect(await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-1')).toEqual(before.order);
        expect(await store.ledgerForOrder('ord-1')).toEqual(before.ledger);
        expect(await store.payoutStatement('pay-tx')).toBeNull();
        expect(await store.webhookMessage('msg_1')).toEqual(before.message);
        expect(await store.partnerSecrets('partner-hanfang')).toEqual(before.partner);
        expect(await store.claimIdempotencyKey('creator-lin', 'key-1', 'fp')).toEqual({ fingerprint: 'fp', response: null });
      });

      it('runs a nested transaction inside the outer one: both commit or neither does', async () => {
        await store
          .transaction(async (tx) => {
            await tx.transaction(async (inner) => writeAll(inner));
            throw new Error('outer fails after the inner one finished');
          })
          .catch(() => {});
        await nothingWritten();
      });

      it('never shows a failed transaction’s writes to a concurrent reader', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let saved!: () => void;
        const written = new Promise<void>((resolve) => (saved = resolve));
        const failed = store.transaction(async (tx) => {
          await tx.saveOrder(paid());
          saved();
          await gate;
          throw new Error('rollback');
        });
        await written;
        // Started while the transaction is open; the transaction does not wait for it.
        const reader = store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-tx');
        release();
        await expect(failed).rejects.toThrow('rollback');
        expect(await reader).toBeNull();
        expect(await store.orderByPartnerOrderId('partner-hanfang', 'PO-ord-tx')).toBeNull();
      });

      it('commits concurrent transactions that touch different orders', async () => {
        await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            store.transaction(async (tx) => {
              await tx.lockOrder('partner-hanfang', `PO-ord-c${i}`);
              await tx.saveOrder(order({ id: `ord-c${i}` }));
              await tx.appendLedger([entry({ id: `ord-c${i}:0:0`, orderId: `ord-c${i}` })]);
            }),
          ),
        );
        for (let i = 0; i < 6; i++) {
          expect((await store.orderByPartnerOrderId('partner-hanfang', `PO-ord-c${i}`))?.id).toBe(`ord-c${i}`);
          expect(await store.ledgerForOrder(`ord-c${i}`)).toHaveLength(1);
        }
      });
    });

  });
}
