/**
 * The conversion steps as plain functions over a memory store: no HTTP, no
 * signatures (those are the route's job, tested in platform.test.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AttributionEvent } from '../../model/attribution.js';
import type { Conversion } from '../../model/conversion.js';
import type { Partner } from '../../model/partner.js';
import { catalog, fixtures } from '../../testing/fixtures.js';
import { parseCatalog } from '../catalog.js';
import { createMemoryStore } from '../store/memory.js';
import type { PlatformStore } from '../store/store.js';
import { applyConversion, attributeConversion, recordConversion, updateCommissions } from './conversions.js';

const NOW = Date.parse('2026-11-20T08:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GADGETBAY = 'partner-gadgetbay';
const HOOK = 'https://www.gadgetbay.test/webhooks/vitrine';
const CLICK = 'AAAAAAAAAAAAAAAAAAAAAA';
const EARBUDS = { sku: 'GB-AERO-PRO', title: 'Aero Buds Pro', quantity: 1, amount: 12_999 };
const CHARGER = { sku: 'GB-VOLT-65', title: 'Volt 65W', quantity: 1, amount: 3_999 };

let store: PlatformStore;
let partner: Partner;
let eventCount = 0;

beforeEach(async () => {
  const withHook = { ...catalog, partners: catalog.partners.map((p) => (p.id === GADGETBAY ? { ...p, webhookUrl: HOOK } : p)) };
  store = createMemoryStore(parseCatalog(withHook, 'test'));
  partner = fixtures.partner(GADGETBAY);
});

function conversion(fields: Partial<Conversion> = {}): Conversion {
  return {
    type: 'order.status',
    orderId: 'GB-1',
    status: 'paid',
    clickId: CLICK,
    occurredAt: new Date(NOW).toISOString(),
    currency: 'USD',
    lines: [EARBUDS, CHARGER],
    ...fields,
  };
}

function event(fields: Partial<AttributionEvent> & Pick<AttributionEvent, 'type'>): AttributionEvent {
  eventCount += 1;
  return {
    id: `evt-${String(eventCount).padStart(16, '0')}`,
    at: new Date(NOW - HOUR).toISOString(),
    recommendationId: 'rec-sam-charger',
    creatorId: 'creator-sam',
    partnerId: GADGETBAY,
    clickId: CLICK,
    ...fields,
  };
}

/** A store whose method `name` fails the first time it is called. */
function failingOnce(base: PlatformStore, name: keyof PlatformStore): PlatformStore {
  let failed = false;
  const wrap = (target: PlatformStore): PlatformStore =>
    new Proxy(target, {
      get(object, key, receiver) {
        if (key === 'transaction') return (fn: (tx: PlatformStore) => Promise<unknown>) => object.transaction((tx) => fn(wrap(tx)));
        const value = Reflect.get(object, key, receiver);
        if (key !== name || failed) return value;
        return async () => {
          failed = true;
          throw new Error(`${String(name)} failed`);
        };
      },
    });
  return wrap(base);
}

describe('recordConversion', () => {
  it('records order, attribution, commission and the outgoing webhook of a first callback', async () => {
    await store.insertEvents([event({ type: 'click' })]);
    const recorded = await recordConversion(store, { partner, webhookId: 'msg_1', conversion: conversion() }, NOW);
    expect(recorded.duplicate).toBe(false);
    if (recorded.duplicate) return;
    const { order } = recorded;
    expect(order).toMatchObject({ partnerOrderId: 'GB-1', status: 'paid', creatorId: 'creator-sam', clickId: CLICK, total: { amount: 16_998, currency: 'USD' } });
    expect(order.timeline.map((step) => step.status)).toEqual(['placed', 'paid']);
    expect(await store.orderByPartnerOrderId(GADGETBAY, 'GB-1')).toEqual(order);
    const commissions = await store.commissionsForOrder(order.id);
    // 8 % of each line, rounded down, to the clicked recommendation's creator.
    expect(commissions.map((c) => [c.creatorId, c.amount.amount, c.state])).toEqual([
      ['creator-sam', 1039, 'pending'],
      ['creator-sam', 319, 'pending'],
    ]);
    const message = await store.webhookMessage(`msg_${order.id}_paid`);
    expect(JSON.parse(message!.payload)).toMatchObject({ type: 'order.updated', data: { order: { id: order.id }, commissions: [{}, {}] } });
  });

  it('answers a redelivered webhook id and a repeated status as duplicates, changing nothing', async () => {
    const first = await recordConversion(store, { partner, webhookId: 'msg_1', conversion: conversion() }, NOW);
    const before = await store.orderByPartnerOrderId(GADGETBAY, 'GB-1');
    expect(await recordConversion(store, { partner, webhookId: 'msg_1', conversion: conversion({ status: 'shipped' }) }, NOW)).toEqual({ duplicate: true });
    expect(await recordConversion(store, { partner, webhookId: 'msg_2', conversion: conversion() }, NOW)).toEqual({ duplicate: true });
    expect(first.duplicate).toBe(false);
    expect(await store.orderByPartnerOrderId(GADGETBAY, 'GB-1')).toEqual(before);
  });

  it('releases the receipt when a step fails, so that the retry is not answered as a duplicate', async () => {
    const flaky = failingOnce(store, 'enqueueWebhook');
    const input = { partner, webhookId: 'msg_1', conversion: conversion() };
    await expect(recordConversion(flaky, input, NOW)).rejects.toThrow('enqueueWebhook failed');
    expect((await recordConversion(flaky, input, NOW)).duplicate).toBe(false);
  });

  it.each(['saveOrder', 'saveCommissions', 'enqueueWebhook'] as const)(
    'inside a transaction, leaves nothing behind when %s fails, and the retry records everything',
    async (step) => {
      await store.insertEvents([event({ type: 'click' })]);
      const flaky = failingOnce(store, step);
      const input = { partner, webhookId: 'msg_1', conversion: conversion() };
      await expect(flaky.transaction((tx) => recordConversion(tx, input, NOW))).rejects.toThrow(`${step} failed`);
      expect(await store.orderByPartnerOrderId(GADGETBAY, 'GB-1')).toBeNull();
      const retried = await flaky.transaction((tx) => recordConversion(tx, input, NOW));
      if (retried.duplicate) throw new Error('the retry was answered as a duplicate');
      expect(await store.commissionsForOrder(retried.order.id)).toHaveLength(2);
      expect(await store.webhookMessage(`msg_${retried.order.id}_paid`)).not.toBeNull();
    },
  );
});

describe('applyConversion', () => {
  it('attributes a line checked out with the click to that checkout’s recommendation', async () => {
    await store.insertEvents([
      event({ type: 'click' }),
      event({ type: 'checkout', recommendationId: 'rec-lin-earbuds', creatorId: 'creator-lin', sku: 'GB-AERO-PRO', quantity: 1 }),
    ]);
    const order = await applyConversion(store, partner, conversion());
    expect(order.lines.map((line) => line.recommendationId)).toEqual(['rec-lin-earbuds', 'rec-sam-charger']);
    const commissions = await store.commissionsForOrder(order.id);
    expect(commissions.map((c) => c.creatorId)).toEqual(['creator-lin', 'creator-sam']);
  });

  it('keeps the attribution of a known order and fills in skipped statuses', async () => {
    await store.insertEvents([event({ type: 'click' })]);
    const placed = await applyConversion(store, partner, conversion({ status: 'placed' }));
    // The click is gone from a later callback: attribution stays as first settled.
    const shipped = await applyConversion(store, partner, conversion({ status: 'shipped', clickId: null, occurredAt: new Date(NOW + DAY).toISOString() }));
    expect(shipped.id).toBe(placed.id);
    expect(shipped.timeline.map((step) => step.status)).toEqual(['placed', 'paid', 'shipped']);
    expect(shipped.lines.map((line) => line.recommendationId)).toEqual(['rec-sam-charger', 'rec-sam-charger']);
  });

  it('changes nothing for a status the order already went through', async () => {
    await applyConversion(store, partner, conversion({ status: 'delivered' }));
    const saved = await store.orderByPartnerOrderId(GADGETBAY, 'GB-1');
    const late = await applyConversion(store, partner, conversion({ status: 'shipped', lines: [CHARGER] }));
    expect(late).toEqual(saved);
    expect(await store.orderByPartnerOrderId(GADGETBAY, 'GB-1')).toEqual(saved);
  });

  it('throws invalid_transition for an impossible move', async () => {
    await applyConversion(store, partner, conversion({ status: 'refunded' }));
    await expect(applyConversion(store, partner, conversion({ status: 'cancelled' }))).rejects.toMatchObject({ code: 'invalid_transition' });
  });
});

describe('attributeConversion', () => {
  it('finds the click inside the partner’s window, and nothing for a foreign, expired or missing click', async () => {
    await store.insertEvents([
      event({ type: 'click' }),
      event({ type: 'click', clickId: 'BBBBBBBBBBBBBBBBBBBBBB', at: new Date(NOW - 31 * DAY).toISOString() }),
      event({ type: 'click', clickId: 'CCCCCCCCCCCCCCCCCCCCCC', recommendationId: 'rec-lin-serum', creatorId: 'creator-lin', partnerId: 'partner-hanfang' }),
    ]);
    expect(await attributeConversion(store, partner, conversion())).toMatchObject({ clickId: CLICK, creatorId: 'creator-sam' });
    expect(await attributeConversion(store, partner, conversion({ clickId: 'BBBBBBBBBBBBBBBBBBBBBB' }))).toBeNull();
    expect(await attributeConversion(store, partner, conversion({ clickId: 'CCCCCCCCCCCCCCCCCCCCCC' }))).toBeNull();
    expect(await attributeConversion(store, partner, conversion({ clickId: null }))).toBeNull();
  });
});

describe('updateCommissions', () => {
  it('pays the recommendation’s creator per line, and nothing for an unattributed line', async () => {
    const order = await applyConversion(store, partner, conversion({ clickId: null }));
    order.lines[0]!.recommendationId = 'rec-lin-earbuds';
    const commissions = await updateCommissions(store, { order, partner, at: new Date(NOW).toISOString() });
    expect(commissions.map((c) => [c.lineIndex, c.creatorId, c.amount.amount])).toEqual([[0, 'creator-lin', 1039]]);
    expect(await store.commissionsForOrder(order.id)).toEqual(commissions);
  });

  it('keeps the share of a partial refund', async () => {
    await store.insertEvents([event({ type: 'click' })]);
    await applyConversion(store, partner, conversion({ status: 'delivered', lines: [CHARGER] }));
    const refunded = await applyConversion(store, partner, conversion({ status: 'refunded', lines: [{ ...CHARGER, refundedAmount: 2000 }] }));
    const [record] = await store.commissionsForOrder(refunded.id);
    // 319 × (1 − 2000/3999), the refunded share rounded down: 319 − 159 = 160.
    expect(record).toMatchObject({ amount: { amount: 160, currency: 'USD' }, state: 'approved' });
  });
});
