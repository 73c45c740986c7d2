import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Commission } from '../model/commission.js';
import type { Money } from '../model/money.js';
import { ORDER_STATUSES } from '../model/order.js';
import { commissionFor, commissionStateFor, planCommissions, refundShare, type PlanCommissionsInput } from './commission.js';

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const amounts = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const rates = fc.integer({ min: 0, max: 10_000 });

describe('commissionFor', () => {
  it('floors amount × rate / 10000', () => {
    expect(commissionFor(cny(12_345), 1_000)).toEqual(cny(1_234));
    expect(commissionFor(cny(9_999), 1)).toEqual(cny(0));
    expect(commissionFor(cny(10_000), 1)).toEqual(cny(1));
    expect(commissionFor(cny(500), 10_000)).toEqual(cny(500));
    expect(commissionFor(cny(500), 0)).toEqual(cny(0));
    expect(commissionFor({ amount: 1999, currency: 'USD' }, 550)).toEqual({ amount: 109, currency: 'USD' });
  });

  it('is exact beyond 2^53 intermediate products', () => {
    // 9007199254740991 × 3333 = 30020995116051723003, / 10000 → 3002099511605172 (floor)
    expect(commissionFor(cny(Number.MAX_SAFE_INTEGER), 3_333)).toEqual(cny(3_002_099_511_605_172));
    expect(commissionFor(cny(Number.MAX_SAFE_INTEGER), 10_000)).toEqual(cny(Number.MAX_SAFE_INTEGER));
  });

  it('rounds negative amounts toward zero, symmetric with positive ones', () => {
    expect(commissionFor(cny(-12_345), 1_000)).toEqual(cny(-1_234));
  });

  it('rejects rates outside 0..10000 and non-integer amounts', () => {
    for (const rate of [-1, 10_001, 1.5, Number.NaN]) {
      expect(() => commissionFor(cny(100), rate)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
    for (const amount of [1.5, Number.NaN, Infinity, 2 ** 53]) {
      expect(() => commissionFor(cny(amount), 100)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
  });

  it('property: never negative, never more than the amount, exact floor', () => {
    fc.assert(
      fc.property(amounts, rates, (amount, rate) => {
        const { amount: c } = commissionFor(cny(amount), rate);
        expect(Number.isSafeInteger(c)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(amount);
        const exact = BigInt(amount) * BigInt(rate);
        expect(BigInt(c) * 10_000n <= exact && exact < (BigInt(c) + 1n) * 10_000n).toBe(true);
      }),
    );
  });
});

describe('refundShare', () => {
  it('is proportional, rounded down, and all of it for a full refund', () => {
    expect(refundShare(cny(100), cny(1_000), cny(0))).toEqual(cny(0));
    expect(refundShare(cny(100), cny(1_000), cny(333))).toEqual(cny(33));
    expect(refundShare(cny(100), cny(1_000), cny(1_000))).toEqual(cny(100));
    expect(refundShare(cny(100), cny(1_000), cny(1_500))).toEqual(cny(100));
    expect(refundShare(cny(0), cny(0), cny(0))).toEqual(cny(0));
  });

  it('rejects negative amounts and mixed currencies', () => {
    expect(() => refundShare(cny(100), cny(1_000), cny(-1))).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => refundShare(cny(-1), cny(1_000), cny(1))).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => refundShare(cny(100), { amount: 1_000, currency: 'USD' }, cny(1))).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('property: partial refunds in any split never reverse more than the commission; a full split reverses exactly all', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_000 }),
        rates,
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (line, rate, weights, complete) => {
          const commission = commissionFor(cny(line), rate);
          // Split the line (or part of it) into refunds proportional to the weights.
          const target = complete ? line : Math.floor(line / 2);
          const total = weights.reduce((a, b) => a + b, 0);
          let refunded = 0;
          let reversed = 0;
          weights.forEach((weight, i) => {
            const part = i === weights.length - 1 ? target - refunded : Math.floor((target * weight) / total);
            const before = refundShare(commission, cny(line), cny(refunded)).amount;
            refunded += part;
            const delta = refundShare(commission, cny(line), cny(refunded)).amount - before;
            expect(delta).toBeGreaterThanOrEqual(0);
            reversed += delta;
            expect(reversed).toBeLessThanOrEqual(commission.amount);
          });
          if (complete) expect(reversed).toBe(commission.amount);
        },
      ),
    );
  });
});

describe('commissionStateFor', () => {
  it('maps every order status', () => {
    expect(Object.fromEntries(ORDER_STATUSES.map((s) => [s, commissionStateFor(s)]))).toEqual({
      placed: 'pending',
      paid: 'pending',
      shipped: 'pending',
      delivered: 'approved',
      cancelled: 'reversed',
      refunded: 'reversed',
    });
  });
});

describe('planCommissions', () => {
  const at = '2026-11-22T03:00:00Z';
  const later = '2026-12-01T00:00:00Z';
  const input = (over: Partial<PlanCommissionsInput> = {}): PlanCommissionsInput => ({
    orderId: 'o1',
    partner: { id: 'shop', commissionRateBps: 1_000 },
    lines: [
      { amount: cny(10_000), creatorId: 'c1', recommendationId: 'r1' },
      { amount: cny(5_000), creatorId: null, recommendationId: null },
      { amount: cny(2_005), creatorId: 'c2', recommendationId: null },
    ],
    status: 'placed',
    at,
    ...over,
  });

  it('creates one pending record per attributed line, valid against the schema', () => {
    const records = planCommissions(input());
    expect(records).toEqual([
      {
        id: 'o1:0',
        orderId: 'o1',
        lineIndex: 0,
        creatorId: 'c1',
        recommendationId: 'r1',
        partnerId: 'shop',
        base: cny(10_000),
        rateBps: 1_000,
        amount: cny(1_000),
        state: 'pending',
        createdAt: at,
      },
      expect.objectContaining({ id: 'o1:2', lineIndex: 2, creatorId: 'c2', recommendationId: null, amount: cny(200) }),
    ]);
    for (const record of records) expect(Commission.safeParse(record).success).toBe(true);
  });

  it('is single level: exactly one creator per record and no extra recipients', () => {
    const records = planCommissions(input({ status: 'delivered' }));
    expect(records.map((r) => [r.lineIndex, r.creatorId])).toEqual([
      [0, 'c1'],
      [2, 'c2'],
    ]);
  });

  it('approves on delivery, keeping createdAt and the locked rate', () => {
    const placed = planCommissions(input());
    const delivered = planCommissions(
      input({ status: 'delivered', at: later, existing: placed, partner: { id: 'shop', commissionRateBps: 5_000 } }),
    );
    expect(delivered.map((r) => [r.id, r.state, r.amount.amount, r.rateBps, r.createdAt])).toEqual([
      ['o1:0', 'approved', 1_000, 1_000, at],
      ['o1:2', 'approved', 200, 1_000, at],
    ]);
  });

  it('reverses unpaid commission on cancel or full refund', () => {
    const placed = planCommissions(input());
    for (const status of ['cancelled', 'refunded'] as const) {
      const records = planCommissions(input({ status, existing: placed }));
      expect(records.map((r) => [r.id, r.state, r.amount.amount])).toEqual([
        ['o1:0', 'reversed', 1_000],
        ['o1:2', 'reversed', 200],
      ]);
    }
  });

  it('shrinks commission for a partial refund and approves the remainder', () => {
    const lines = input().lines.map((line, i) => (i === 0 ? { ...line, refunded: cny(2_500) } : line));
    const records = planCommissions(input({ status: 'refunded', lines }));
    expect(records.map((r) => [r.id, r.state, r.amount.amount])).toEqual([
      ['o1:0', 'approved', 750],
      ['o1:2', 'reversed', 200],
    ]);
  });

  it('keeps paid records untouched and adds a negative adjustment on refund', () => {
    const delivered = planCommissions(input({ status: 'delivered' }));
    const paid = delivered.map((r) => ({ ...r, state: 'paid' as const }));
    const records = planCommissions(input({ status: 'refunded', at: later, existing: paid }));
    expect(records.slice(0, 1)).toEqual([paid[0]]);
    expect(records.map((r) => [r.id, r.state, r.amount.amount])).toEqual([
      ['o1:0', 'paid', 1_000],
      ['o1:0:adj', 'approved', -1_000],
      ['o1:2', 'paid', 200],
      ['o1:2:adj', 'approved', -200],
    ]);
    expect(records[1]).toMatchObject({ creatorId: 'c1', lineIndex: 0, createdAt: later });
    for (const record of records) expect(Commission.safeParse(record).success).toBe(true);
    // net commission after the refund is zero
    expect(records.reduce((sum, r) => sum + r.amount.amount, 0)).toBe(0);
  });

  it('sizes the adjustment of a paid record by the refunded share and keeps a paid adjustment', () => {
    const paid = planCommissions(input({ status: 'delivered' })).map((r) => ({ ...r, state: 'paid' as const }));
    const lines = input().lines.map((line, i) => (i === 0 ? { ...line, refunded: cny(5_000) } : { ...line, refunded: cny(0) }));
    const records = planCommissions(input({ status: 'refunded', lines, existing: paid }));
    expect(records.map((r) => [r.id, r.amount.amount])).toEqual([
      ['o1:0', 1_000],
      ['o1:0:adj', -500],
      ['o1:2', 200],
    ]);
    const paidAdjustment = { ...records[1]!, state: 'paid' as const };
    const again = planCommissions(input({ status: 'refunded', existing: [...paid, paidAdjustment] }));
    expect(again.find((r) => r.id === 'o1:0:adj')).toEqual(paidAdjustment);
  });

  it('never drops a paid record, even for a line that is no longer attributed', () => {
    const paid = planCommissions(input({ status: 'delivered' })).map((r) => ({ ...r, state: 'paid' as const }));
    const records = planCommissions(input({ status: 'delivered', lines: [input().lines[1]!], existing: paid }));
    expect(records.map((r) => r.id)).toEqual(['o1:0', 'o1:2']);
  });

  it('is deterministic and idempotent', () => {
    const first = planCommissions(input({ status: 'paid' }));
    expect(planCommissions(input({ status: 'paid' }))).toEqual(first);
    expect(planCommissions(input({ status: 'paid', at: later, existing: first }))).toEqual(first);
  });
});
