/**
 * The other domain steps as plain functions over a memory store, without HTTP.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { isVitrineError } from '../../errors.js';
import type { AttributionEvent } from '../../model/attribution.js';
import { catalog, fixtures } from '../../testing/fixtures.js';
import { parseCatalog } from '../catalog.js';
import { PlatformProblem } from '../problem.js';
import { createMemoryStore } from '../store/memory.js';
import type { PlatformStore } from '../store/store.js';
import { recordEvents } from './events.js';
import { withIdempotencyKey } from './idempotency.js';
import { publishRecommendation } from './recommendations.js';

const NOW = Date.parse('2026-11-20T08:00:00Z');
let store: PlatformStore;
beforeEach(() => {
  store = createMemoryStore(parseCatalog(catalog, 'test'));
});

async function refusal(promise: Promise<unknown>): Promise<PlatformProblem> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PlatformProblem)) throw new Error(`expected a PlatformProblem, got ${String(error)}`);
  return error;
}

describe('recordEvents', () => {
  let n = 0;
  const event = (fields: Partial<AttributionEvent>): AttributionEvent => ({
    id: `evt-${String((n += 1)).padStart(16, '0')}`,
    type: 'impression',
    at: new Date(NOW).toISOString(),
    recommendationId: 'rec-sam-charger',
    creatorId: 'creator-sam',
    ...fields,
  });

  it('stores events consistent with the catalog once, and drops the others', async () => {
    const good = event({});
    const result = await recordEvents(store, [
      good,
      good,
      event({ creatorId: 'creator-lin' }), // not this creator's recommendation
      event({ type: 'click', partnerId: 'partner-hanfang', clickId: 'AAAAAAAAAAAAAAAAAAAAAA' }), // this partner does not sell it
      event({ recommendationId: 'rec-nope' }),
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 1, filtered: 0 });
    expect(await recordEvents(store, [good])).toEqual({ accepted: 0, duplicates: 1, filtered: 0 });
    expect(await store.touchesByClickIds(['AAAAAAAAAAAAAAAAAAAAAA'])).toEqual([]);
  });

  it("keeps a click's swap when the sold-out partner sells the product, and drops a made-up one", async () => {
    const click = (fields: Partial<AttributionEvent>) =>
      event({ type: 'click', recommendationId: 'rec-lin-serum', creatorId: 'creator-lin', partnerId: 'partner-jingxuan', ...fields });
    const swap = click({ clickId: 'SWAPPEDSWAPPEDSWAPPED1', swappedFrom: 'partner-hanfang' });
    const bogus = click({ clickId: 'SWAPPEDSWAPPEDSWAPPED2', swappedFrom: 'partner-gadgetbay' }); // does not sell the serum
    const impression = event({ recommendationId: 'rec-lin-serum', creatorId: 'creator-lin', swappedFrom: 'partner-hanfang' }); // only clicks swap
    const stored: AttributionEvent[] = [];
    // Events are stored inside a transaction (with the change notice for live stats).
    const watch = (target: PlatformStore): PlatformStore => ({ ...target, insertEvents: (events) => (stored.push(...events), target.insertEvents(events)) });
    const watched: PlatformStore = { ...watch(store), transaction: (fn) => store.transaction((tx) => fn(watch(tx))) };
    expect(await recordEvents(watched, [swap, bogus, impression])).toEqual({ accepted: 3, duplicates: 0, filtered: 0 });
    expect(stored.map((stored) => stored.swappedFrom)).toEqual(['partner-hanfang', undefined, undefined]);
    const { swappedFrom: _made_up, ...withoutSwap } = bogus;
    expect(stored[1]).toEqual(withoutSwap);
  });

  it('a click from a favourite saved weeks ago attributes the original recommendation with a fresh click id', async () => {
    const later = new Date(NOW + 20 * 86_400_000).toISOString();
    const fresh = event({ type: 'click', at: later, recommendationId: 'rec-lin-serum', creatorId: 'creator-lin', partnerId: 'partner-hanfang', clickId: 'FAVOURITEFAVOURITEFAV1' });
    expect(await recordEvents(store, [fresh])).toEqual({ accepted: 1, duplicates: 0, filtered: 0 });
    expect(await store.touchesByClickIds(['FAVOURITEFAVOURITEFAV1'])).toEqual([
      { clickId: 'FAVOURITEFAVOURITEFAV1', partnerId: 'partner-hanfang', creatorId: 'creator-lin', recommendationId: 'rec-lin-serum', at: later },
    ]);
  });
});

describe('publishRecommendation', () => {
  const creator = fixtures.creator('creator-sam');
  const input = { creator, reason: 'Two weeks on my desk.', disclosure: 'commission' as const };

  it('creates a recommendation for the catalog product sold at the URL', async () => {
    const { recommendation, card } = await publishRecommendation(store, { ...input, productUrl: 'https://shop.hanfang.example/item/88123?utm=x' }, NOW);
    expect(recommendation).toMatchObject({ creatorId: 'creator-sam', productId: 'prod-serum', createdAt: new Date(NOW).toISOString() });
    expect(recommendation.id).toMatch(/^rec_[A-Za-z0-9_-]{16}$/);
    expect(card?.recommendation).toEqual(recommendation);
    expect((await store.showcase('creator-sam', { cursor: null, limit: 1 }))?.cards[0]?.recommendation.id).toBe(recommendation.id);
  });

  it("sells at the pasted URL's shop, the product's cheaper offers staying alternatives", async () => {
    const { recommendation, card } = await publishRecommendation(store, { ...input, productUrl: 'https://shop.hanfang.example/item/88123' }, NOW);
    expect(recommendation.partnerId).toBe('partner-hanfang');
    expect(card?.product.offers.map((offer) => offer.partnerId)).toEqual(['partner-hanfang', 'partner-jingxuan']);
    const other = await publishRecommendation(store, { ...input, productUrl: 'https://item.jingxuan.example/100234.html' }, NOW);
    expect(other).toMatchObject({ outcome: 'created', recommendation: { partnerId: 'partner-jingxuan' } });
    expect(other.recommendation.id).not.toBe(recommendation.id);
  });

  it('republishing the same content returns the existing recommendation; a new reason edits it in place', async () => {
    const url = 'https://www.gadgetbay.test/p/aero-buds-pro';
    const first = await publishRecommendation(store, { ...input, productUrl: url }, NOW);
    expect(first.outcome).toBe('created');
    const again = await publishRecommendation(store, { ...input, productUrl: `${url}?from=reload` }, NOW + 60_000);
    expect(again).toMatchObject({ outcome: 'existing', recommendation: first.recommendation });
    const edited = await publishRecommendation(store, { ...input, reason: 'Three weeks now, still great.', productUrl: url }, NOW + 120_000);
    expect(edited.outcome).toBe('updated');
    expect(edited.recommendation).toEqual({ ...first.recommendation, reason: 'Three weeks now, still great.' });
    expect(edited.card?.recommendation.reason).toBe('Three weeks now, still great.');
    const mine = await store.creatorRecommendationsOf('creator-sam', 'prod-earbuds');
    expect(mine.filter((rec) => rec.partnerId === 'partner-gadgetbay')).toHaveLength(1);
  });

  it('refuses URLs off the allow-list (unsafe_link) and products not in the catalog (not_found), with 422', async () => {
    for (const productUrl of ['not a url', 'http://shop.hanfang.example/item/88123', 'https://evil.example/item/88123']) {
      expect(await refusal(publishRecommendation(store, { ...input, productUrl }, NOW))).toMatchObject({ status: 422, problemCode: 'unsafe_link' });
    }
    const unknown = await refusal(publishRecommendation(store, { ...input, productUrl: 'https://shop.hanfang.example/item/99999' }, NOW));
    expect(unknown).toMatchObject({ status: 422, problemCode: 'not_found' });
  });
});

describe('withIdempotencyKey', () => {
  const key = { scope: 'creator-sam', key: 'key-1', request: '["a"]' };

  it('runs once per key and replays the stored response', async () => {
    let runs = 0;
    const run = async () => ({ status: 201, body: { n: (runs += 1) } });
    expect(await withIdempotencyKey(store, key, run)).toEqual({ status: 201, body: { n: 1 }, replayed: false });
    expect(await withIdempotencyKey(store, key, run)).toEqual({ status: 201, body: { n: 1 }, replayed: true });
    expect(runs).toBe(1);
    // Keys are scoped.
    expect(await withIdempotencyKey(store, { ...key, scope: 'creator-lin' }, run)).toMatchObject({ replayed: false });
  });

  it('refuses the key with another request (422) and while the first one runs (409)', async () => {
    let finish!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = withIdempotencyKey(store, key, () => {
      started();
      return new Promise((resolve) => (finish = () => resolve({ status: 201, body: {} })));
    });
    // The first request holds the key once its handler runs (the fingerprint is hashed off the
    // main thread first: a fixed delay loses that race on a loaded machine).
    await running;
    expect(await refusal(withIdempotencyKey(store, key, async () => ({ status: 201, body: {} })))).toMatchObject({ status: 409, problemCode: 'idempotency_in_progress' });
    finish();
    await first;
    const other = await refusal(withIdempotencyKey(store, { ...key, request: '["b"]' }, async () => ({ status: 201, body: {} })));
    expect(other).toMatchObject({ status: 422, problemCode: 'idempotency_conflict' });
  });

  it('releases the key when the request fails, so that it can be retried', async () => {
    const failure = new PlatformProblem(422, 'unsafe_link', 'no');
    await expect(withIdempotencyKey(store, key, async () => Promise.reject(failure))).rejects.toBe(failure);
    const retried = await withIdempotencyKey(store, key, async () => ({ status: 201, body: { ok: true } }));
    expect(retried).toEqual({ status: 201, body: { ok: true }, replayed: false });
    expect(isVitrineError(failure, 'invalid_input')).toBe(true);
  });
});
