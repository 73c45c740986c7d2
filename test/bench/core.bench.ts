/**
 * Hot paths, measured with `npm run bench` (vitest 5 benchmarks: the `bench`
 * test-context fixture, run only by `vitest bench`, never by `npm test`).
 * Each asserts its target on the mean latency:
 *   - validating a full batch of MAX_CARDS_PER_REQUEST (100) cards, the largest GET /v1/cards answer: < 10 ms
 *   - verifying one Standard Webhooks signature: < 0.2 ms
 *   - decorating a partner link: < 0.02 ms
 *   - formatting a price: < 0.01 ms (formatters are cached)
 */
import { describe, expect, test } from 'vitest';
import { decorateLink } from '../../src/attribution/links.js';
import { createClickId } from '../../src/attribution/ids.js';
import { formatMoney } from '../../src/i18n/format.js';
import { CardPayload, MAX_CARDS_PER_REQUEST } from '../../src/model/recommendation.js';
import { planLedger } from '../../src/server/commission.js';
import { signHeaders, verify } from '../../src/server/webhooks.js';
import { fixtures } from '../../src/testing/index.js';

const ids = ['rec-lin-serum', 'rec-lin-tea', 'rec-lin-sunscreen', 'rec-lin-hotpot', 'rec-lin-mooncake', 'rec-sam-earbuds', 'rec-sam-charger', 'rec-sam-keyboard', 'rec-sam-powerbank', 'rec-sam-hostile'];
const batch = Array.from({ length: MAX_CARDS_PER_REQUEST / ids.length }, () => fixtures.cards(ids)).flat();
const json = JSON.parse(JSON.stringify({ cards: batch }));

const secret = fixtures.webhookSecret('partner-hanfang');
const body = JSON.stringify({ type: 'order.status', orderId: 'HF-1', status: 'paid', occurredAt: new Date().toISOString(), currency: 'CNY', lines: [{ title: 't', quantity: 1, amount: 100 }] });
const headers = await signHeaders({ body, secret });

const card = fixtures.card('rec-lin-serum');
const partner = card.partners[0]!;
const offer = card.product.offers[0]!;

describe('client hot paths', () => {
  test(`validate a full batch (${MAX_CARDS_PER_REQUEST} cards): < 10 ms`, async ({ bench }) => {
    expect(json.cards).toHaveLength(MAX_CARDS_PER_REQUEST);
    const result = await bench(`validate ${MAX_CARDS_PER_REQUEST} cards`, () => {
      for (const raw of json.cards) CardPayload.parse(raw);
    }).run();
    expect(result.latency.mean).toBeLessThan(10);
  });

  test('decorate a partner link with a fresh click id: < 0.02 ms', async ({ bench }) => {
    const result = await bench('decorateLink', () => {
      decorateLink(offer.url, partner, { clickId: createClickId(), creatorId: card.creator.id, recommendationId: card.recommendation.id });
    }).run();
    expect(result.latency.mean).toBeLessThan(0.02);
  });

  test('format a price: < 0.01 ms', async ({ bench }) => {
    const result = await bench('formatMoney zh-CN', () => {
      formatMoney({ amount: 12_900, currency: 'CNY' }, 'zh-CN');
    }).run();
    expect(result.latency.mean).toBeLessThan(0.01);
  });
});

describe('server hot paths', () => {
  test('verify a Standard Webhooks signature: < 0.2 ms', async ({ bench }) => {
    const result = await bench('verify', async () => {
      await verify({ headers, body, secret });
    }).run();
    expect(result.latency.mean).toBeLessThan(0.2);
  });

  test('plan the ledger of a 100-line order: < 1 ms', async ({ bench }) => {
    const lines = Array.from({ length: 100 }, (_, index) => ({ amount: { amount: 1000 + index, currency: 'CNY' }, creatorId: 'c', recommendationId: 'r' }));
    const result = await bench('planLedger ×100 lines', () => {
      planLedger({ orderId: 'o-1', partner: { id: 'p', commissionRateBps: 600 }, lines, status: 'delivered', at: '2026-11-22T03:00:00Z', existing: [] });
    }).run();
    expect(result.latency.mean).toBeLessThan(1);
  });
});
