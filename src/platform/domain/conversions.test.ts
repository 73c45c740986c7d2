/**
 * The conversion steps as plain functions over a memory store: no HTTP, no
 * signatures (those are the route's job, tested in platform.test.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AttributionEvent } from '../../model/attribution.js';
import type { LedgerEntry } from '../../model/commission.js';
import type { Conversion } from '../../model/conversion.js';
import { MAX_LINE_AMOUNT } from '../../model/money.js';
import type { Partner } from '../../model/partner.js';
import { catalog, fixtures } from '../../testing/fixtures.js';
import { parseCatalog } from '../catalog.js';
import { createMemoryStore } from '../store/memory.js';
import type { PlatformStore } from '../store/store.js';
import { orderUpdatedId } from '../outbox.js';
import { applyConversion, attributeConversion, recordConversion } from './conversions.js';
import { recordEvents } from './events.js';

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

const record = (input: Partial<Conversion>, webhookId = `msg_${++eventCount}`) =>
  store.transaction((tx) => recordConversion(tx, { partner, webhookId, conversion: conversion(input) }, NOW));
const orderOf = async () => (await store.orderByPartnerOrderId(GADGETBAY, 'GB-1'))!;
const ledgerOf = async () => store.ledgerForOrder((await orderOf()).id);
const net = (entries: LedgerEntry[]) => entries.reduce((sum, entry) => sum + entry.amount.amount, 0);

describe('recordConversion', () => {
  it('records order, attribution, ledger and the outgoing webhook of a first callback', async () => {
    await store.insertEvents([event({ type: 'click' })]);
    const recorded = await record({}, 'msg_1');
    expect(recorded.duplicate).toBe(false);
    if (recorded.duplicate) return;
    const { order } = recorded;
    // The clicked recommendation sells only the charger: the earbuds line is nobody's.
    expect(order).toMatchObject({ partnerOrderId: 'GB-1', status: 'paid', creatorId: 'creator-sam', clickId: CLICK, total: { amount: 16_998, currency: 'USD' } });
    expect(order.lines.map((line) => line.recommendationId)).toEqual([undefined, 'rec-sam-charger']);
    expect(order.timeline.map((step) => step.status)).toEqual(['placed', 'paid']);
    expect(await store.orderByPartnerOrderId(GADGETBAY, 'GB-1')).toEqual(order);
    // 8 % of the charger line, rounded down, pending, to the clicked recommendation's creator.
    expect((await store.ledgerForOrder(order.id)).map((e) => [e.kind, e.balance, e.creatorId, e.lineIndex, e.amount.amount])).toEqual([['accrual', 'pending', 'creator-sam', 1, 319]]);
    const message = await store.webhookMessage(orderUpdatedId(order));
    expect(JSON.parse(message!.payload)).toMatchObject({
      type: 'order.updated',
      data: { order: { id: order.id }, commissions: [{ lineIndex: 1, amount: { amount: 319 }, state: 'pending' }], ledger: [{ kind: 'accrual' }] },
    });
  });

  it('answers a redelivered webhook id, and a message that changes nothing, as duplicates', async () => {
    await record({}, 'msg_1');
    const before = await orderOf();
    expect(await record({ status: 'shipped' }, 'msg_1')).toEqual({ duplicate: true });
    expect(await record({}, 'msg_2')).toEqual({ duplicate: true });
    expect(await orderOf()).toEqual(before);
  });

  it.each(['createOrder', 'saveOrder', 'appendLedger', 'enqueueWebhook', 'claimConversion', 'ledgerForOrder'] as const)(
    'inside a transaction, leaves nothing behind when %s fails, and the retry records everything',
    async (step) => {
      await store.insertEvents([event({ type: 'click' })]);
      await record({ status: 'placed' }, 'msg_0');
      const flaky = failingOnce(store, step);
      const input = { partner, webhookId: 'msg_1', conversion: conversion({ status: 'delivered' }) };
      const before = { order: await orderOf(), ledger: await ledgerOf() };
      const failed = await flaky.transaction((tx) => recordConversion(tx, input, NOW)).catch((error: unknown) => error);
      if (step === 'createOrder') {
        // Not called for a known order: nothing failed.
        expect(failed).toMatchObject({ duplicate: false });
        return;
      }
      expect(failed).toMatchObject({ message: `${step} failed` });
      expect({ order: await orderOf(), ledger: await ledgerOf() }).toEqual(before);
      const retried = await flaky.transaction((tx) => recordConversion(tx, input, NOW));
      if (retried.duplicate) throw new Error('the retry was answered as a duplicate');
      expect(net(await ledgerOf())).toBe(319);
      expect(await store.webhookMessage(orderUpdatedId(retried.order))).not.toBeNull();
    },
  );

  it('applies every cumulative partial refund, then the full one, and nothing twice', async () => {
    await store.insertEvents([event({ type: 'click' })]);
    const charger = (refundedAmount?: number) => [{ ...CHARGER, ...(refundedAmount !== undefined && { refundedAmount }) }];
    await record({ status: 'delivered', lines: charger() });
    expect(net(await ledgerOf())).toBe(319);
    await record({ status: 'refunded', lines: charger(1_000) });
    expect(net(await ledgerOf())).toBe(319 - 79);
    // A second partial refund of the same status is applied, not dropped as a duplicate.
    expect((await record({ status: 'refunded', lines: charger(2_000) })).duplicate).toBe(false);
    expect(net(await ledgerOf())).toBe(319 - 159);
    // A late, smaller total changes nothing (the contract is cumulative).
    expect(await record({ status: 'refunded', lines: charger(1_000) })).toEqual({ duplicate: true });
    await record({ status: 'refunded', lines: charger() });
    expect(net(await ledgerOf())).toBe(0);
    expect((await orderOf()).lines[0]!.refunded).toEqual({ amount: 3_999, currency: 'USD' });
  });

  it.each([
    ['unknown_currency', { currency: 'ZZZ' }],
    ['unknown_currency', { currency: 'XXX' }],
    ['amount_out_of_range', { lines: [{ ...CHARGER, amount: MAX_LINE_AMOUNT + 1 }] }],
    ['refund_exceeds_amount', { status: 'refunded' as const, lines: [{ ...CHARGER, refundedAmount: 4_000 }] }],
    ['refund_before_payment', { status: 'placed' as const, lines: [{ ...CHARGER, refundedAmount: 1 }] }],
  ])('refuses %s with a 422 problem, recording nothing', async (code, fields) => {
    const error = await record(fields).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, problemCode: code });
    expect(await store.orderByPartnerOrderId(GADGETBAY, 'GB-1')).toBeNull();
  });

  it.each([
    ['currency_changed', { currency: 'CNY' }],
    ['order_lines_changed', { lines: [EARBUDS, { ...CHARGER, amount: 399_900 }] }],
    ['order_lines_changed', { lines: [EARBUDS] }],
    ['order_lines_changed', { lines: [EARBUDS, { ...CHARGER, sku: 'GB-AERO-PRO' }] }],
  ])('keeps an order’s money fixed: a later callback with %s is refused with 422', async (code, fields) => {
    await record({});
    const before = { order: await orderOf(), ledger: await ledgerOf() };
    const error = await record({ status: 'shipped', ...fields }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, problemCode: code });
    expect({ order: await orderOf(), ledger: await ledgerOf() }).toEqual(before);
  });

  it('accepts a later callback whose line titles differ, keeping the first titles', async () => {
    await record({});
    await record({ status: 'shipped', lines: [{ ...EARBUDS, title: 'renamed' }, CHARGER] });
    expect((await orderOf()).lines.map((line) => line.title)).toEqual([EARBUDS.title, CHARGER.title]);
  });
});

describe('applyConversion', () => {
  it('attributes a line checked out with the click to that checkout’s recommendation when it sells the SKU', async () => {
    await store.insertEvents([
      event({ type: 'click' }),
      event({ type: 'checkout', recommendationId: 'rec-lin-earbuds', creatorId: 'creator-lin', sku: 'GB-AERO-PRO', quantity: 1 }),
    ]);
    const { order } = await applyConversion(store, partner, conversion(), NOW);
    expect(order.lines.map((line) => line.recommendationId)).toEqual(['rec-lin-earbuds', 'rec-sam-charger']);
    const creators = (await store.ledgerForOrder(order.id)).map((e) => e.creatorId);
    expect(creators).toEqual(['creator-lin', 'creator-sam']);
  });

  it('cannot move a line the clicked recommendation sells, nor claim one for a recommendation that does not sell its SKU', async () => {
    // An attacker who knows the click id posts checkout events: another creator's
    // recommendation for the clicked product's SKU, and one for a SKU it does not sell.
    await store.insertEvents([
      event({ type: 'click' }),
      { ...event({ type: 'checkout', recommendationId: 'rec-lin-earbuds', creatorId: 'creator-lin', sku: 'GB-VOLT-65' }) },
    ]);
    // The store keeps it (recordEvents would not), the domain still refuses it.
    const { order } = await applyConversion(store, partner, conversion(), NOW);
    expect(order.lines.map((line) => line.recommendationId)).toEqual([undefined, 'rec-sam-charger']);
  });

  it('takes the first checkout event of a SKU, in arrival order', async () => {
    await store.insertEvents([event({ type: 'click', recommendationId: 'rec-sam-charger' })]);
    await store.insertEvents([event({ type: 'checkout', recommendationId: 'rec-lin-earbuds', creatorId: 'creator-lin', sku: 'GB-AERO-PRO' })]);
    await store.insertEvents([
      event({ type: 'checkout', recommendationId: 'rec-sam-earbuds', creatorId: 'creator-sam', sku: 'GB-AERO-PRO', at: new Date(NOW - DAY).toISOString() }),
    ]);
    const { order } = await applyConversion(store, partner, conversion(), NOW);
    expect(order.lines[0]!.recommendationId).toBe('rec-lin-earbuds');
  });

  it('keeps the attribution of a known order and fills in skipped statuses', async () => {
    await store.insertEvents([event({ type: 'click' })]);
    const placed = await applyConversion(store, partner, conversion({ status: 'placed' }), NOW);
    // The click is gone from a later callback: attribution stays as first settled.
    const shipped = await applyConversion(store, partner, conversion({ status: 'shipped', clickId: null, occurredAt: new Date(NOW + DAY).toISOString() }), NOW);
    expect(shipped.order.id).toBe(placed.order.id);
    expect(shipped.order.timeline.map((step) => step.status)).toEqual(['placed', 'paid', 'shipped']);
    expect(shipped.order.lines.map((line) => line.recommendationId)).toEqual([undefined, 'rec-sam-charger']);
  });

  it('changes nothing for a status the order already went through', async () => {
    await applyConversion(store, partner, conversion({ status: 'delivered' }), NOW);
    const saved = await orderOf();
    const late = await applyConversion(store, partner, conversion({ status: 'shipped' }), NOW);
    expect(late).toEqual({ order: saved, changed: false });
    expect(await orderOf()).toEqual(saved);
  });

  it('throws invalid_transition for an impossible move', async () => {
    await applyConversion(store, partner, conversion({ status: 'refunded' }), NOW);
    await expect(applyConversion(store, partner, conversion({ status: 'cancelled' }), NOW)).rejects.toMatchObject({ code: 'invalid_transition' });
  });

  it('goes on as an update when another callback created the order first', async () => {
    await applyConversion(store, partner, conversion({ status: 'placed' }), NOW);
    // The first read misses the order (created meanwhile), the next ones see it.
    let calls = 0;
    const missOnce = async (...args: Parameters<PlatformStore['orderByPartnerOrderId']>) => (calls++ === 0 ? null : store.orderByPartnerOrderId(...args));
    const racing = new Proxy(store, {
      get: (target, key, receiver) => (key === 'orderByPartnerOrderId' ? missOnce : Reflect.get(target, key, receiver)),
    });
    const { order, changed } = await applyConversion(racing, partner, conversion({ status: 'paid' }), NOW);
    expect(changed).toBe(true);
    expect(order.id).toBe((await orderOf()).id);
    expect(order.status).toBe('paid');
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

  it('uses the click that bound the click id, never a later one', async () => {
    await store.insertEvents([event({ type: 'click' })]);
    await store.insertEvents([event({ type: 'click', recommendationId: 'rec-lin-earbuds', creatorId: 'creator-lin' })]);
    expect(await attributeConversion(store, partner, conversion())).toMatchObject({ recommendationId: 'rec-sam-charger', creatorId: 'creator-sam' });
  });
});

describe('recordEvents', () => {
  it('keeps a checkout event only with a click id, a partner and a SKU its recommendation sells there', async () => {
    const base = { type: 'checkout' as const, recommendationId: 'rec-sam-charger', creatorId: 'creator-sam' };
    const result = await recordEvents(store, [
      event({ ...base, sku: 'GB-VOLT-65' }),
      event({ ...base, sku: 'GB-AERO-PRO' }),
      event({ ...base, sku: undefined }),
      { ...event({ ...base, sku: 'GB-VOLT-65' }), clickId: undefined },
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, filtered: 0 });
    expect((await store.checkoutEvents(CLICK)).map((e) => e.sku)).toEqual(['GB-VOLT-65']);
  });
});
