import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Commission, LedgerEntry } from '../model/commission.js';
import type { Money } from '../model/money.js';
import { ORDER_STATUSES } from '../model/order.js';
import { commissionFor, commissionStateFor, lineTarget, planLedger, refundShare, summarizeCommissions, type LedgerLine, type PlanLedgerInput } from './commission.js';

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

describe('planLedger', () => {
  const partner = { id: 'partner-hanfang', commissionRateBps: 600 };
  const at = (day: number) => `2026-11-${String(20 + day).padStart(2, '0')}T00:00:00.000Z`;
  const line = (amount: number, fields: Partial<LedgerLine> = {}): LedgerLine => ({ amount: cny(amount), creatorId: 'creator-lin', recommendationId: 'rec-lin-serum', ...fields });
  /** Runs a sequence of order states through the ledger, appending what each plans; returns the ledger. */
  function run(steps: Array<{ status: PlanLedgerInput['status']; lines: LedgerLine[]; pay?: boolean }>): LedgerEntry[] {
    const ledger: LedgerEntry[] = [];
    steps.forEach((step, day) => {
      ledger.push(...planLedger({ orderId: 'ord-1', partner, status: step.status, lines: step.lines, at: at(day), existing: ledger }));
      if (step.pay) for (const [i, entry] of ledger.entries()) if (entry.balance === 'approved' && entry.payoutId === null) ledger[i] = { ...entry, payoutId: 'pay-1' };
    });
    return ledger;
  }
  const sum = (entries: LedgerEntry[], pick: (entry: LedgerEntry) => boolean = () => true) =>
    entries.filter(pick).reduce((total, entry) => total + entry.amount.amount, 0);
  const kinds = (entries: LedgerEntry[]) => entries.map((entry) => [entry.kind, entry.balance, entry.amount.amount]);

  it('accrues one pending entry per attributed line, valid against the schema, nothing for unattributed lines', () => {
    const entries = planLedger({ orderId: 'ord-1', partner, status: 'paid', at: at(0), existing: [], lines: [line(19_900), line(500, { creatorId: null, recommendationId: null })] });
    expect(entries).toEqual([
      {
        id: 'ord-1:0:0',
        kind: 'accrual',
        balance: 'pending',
        creatorId: 'creator-lin',
        amount: cny(1194),
        orderId: 'ord-1',
        lineIndex: 0,
        recommendationId: 'rec-lin-serum',
        partnerId: 'partner-hanfang',
        base: cny(19_900),
        rateBps: 600,
        createdAt: at(0),
        payoutId: null,
      },
    ]);
    for (const entry of entries) expect(LedgerEntry.safeParse(entry).success).toBe(true);
  });

  it('approves on delivery with a pair of entries, and is idempotent', () => {
    const ledger = run([{ status: 'paid', lines: [line(10_000)] }, { status: 'delivered', lines: [line(10_000)] }]);
    expect(kinds(ledger)).toEqual([
      ['accrual', 'pending', 600],
      ['approval', 'pending', -600],
      ['approval', 'approved', 600],
    ]);
    expect(planLedger({ orderId: 'ord-1', partner, status: 'delivered', lines: [line(10_000)], at: at(5), existing: ledger })).toEqual([]);
  });

  it('locks the rate of a line at its accrual', () => {
    const ledger = run([{ status: 'paid', lines: [line(10_000)] }]);
    const later = planLedger({ orderId: 'ord-1', partner: { ...partner, commissionRateBps: 5_000 }, status: 'delivered', lines: [line(10_000)], at: at(3), existing: ledger });
    expect(sum([...ledger, ...later], (e) => e.balance === 'approved')).toBe(600);
  });

  it('reverses everything on cancellation, and a full refund', () => {
    expect(kinds(run([{ status: 'paid', lines: [line(10_000)] }, { status: 'cancelled', lines: [line(10_000)] }]))).toEqual([
      ['accrual', 'pending', 600],
      ['reversal', 'pending', -600],
    ]);
    const refunded = run([{ status: 'delivered', lines: [line(10_000)] }, { status: 'refunded', lines: [line(10_000, { refunded: cny(10_000) })] }]);
    expect(kinds(refunded)).toEqual([
      ['accrual', 'approved', 600],
      ['reversal', 'approved', -600],
    ]);
  });

  it('applies cumulative partial refunds one after the other, and only the growth of each', () => {
    const ledger = run([
      { status: 'delivered', lines: [line(10_000)] },
      { status: 'refunded', lines: [line(10_000, { refunded: cny(2_500) })] },
      { status: 'refunded', lines: [line(10_000, { refunded: cny(2_500) })] },
      { status: 'refunded', lines: [line(10_000, { refunded: cny(7_500) })] },
      { status: 'refunded', lines: [line(10_000, { refunded: cny(10_000) })] },
    ]);
    expect(kinds(ledger)).toEqual([
      ['accrual', 'approved', 600],
      ['reversal', 'approved', -150],
      ['reversal', 'approved', -300],
      ['reversal', 'approved', -150],
    ]);
    expect(sum(ledger)).toBe(0);
  });

  it('takes a partial refund of a shipped order from the pending balance', () => {
    const ledger = run([{ status: 'shipped', lines: [line(10_000, { refunded: cny(5_000) })] }]);
    expect(kinds(ledger)).toEqual([
      ['accrual', 'pending', 600],
      ['reversal', 'pending', -300],
    ]);
  });

  it('never edits a paid entry: a refund after payout is a negative adjustment', () => {
    const ledger = run([
      { status: 'delivered', lines: [line(10_000)], pay: true },
      { status: 'refunded', lines: [line(10_000, { refunded: cny(5_000) })] },
    ]);
    expect(ledger[0]).toMatchObject({ kind: 'accrual', amount: cny(600), payoutId: 'pay-1' });
    expect(kinds(ledger.slice(1))).toEqual([['adjustment', 'approved', -300]]);
    expect(sum(ledger, (e) => e.payoutId === null)).toBe(-300);
  });

  it('splits a refund between what is unpaid (reversal) and what was paid (adjustment)', () => {
    const two = [line(10_000), line(10_000)];
    const ledger = run([
      { status: 'delivered', lines: [line(10_000)], pay: true },
      { status: 'delivered', lines: two },
      { status: 'refunded', lines: [line(10_000, { refunded: cny(10_000) }), line(10_000, { refunded: cny(10_000) })] },
    ]);
    expect(kinds(ledger.filter((e) => e.kind === 'reversal' || e.kind === 'adjustment'))).toEqual([
      ['adjustment', 'approved', -600],
      ['reversal', 'approved', -600],
    ]);
  });

  it('is single level: exactly one creator per line, the line’s first', () => {
    const ledger = run([
      { status: 'paid', lines: [line(10_000), line(3_000, { creatorId: 'creator-sam', recommendationId: 'rec-sam-charger' })] },
      { status: 'delivered', lines: [line(10_000, { creatorId: 'creator-sam' }), line(3_000, { creatorId: 'creator-lin' })] },
    ]);
    const creators = new Map<number, Set<string>>();
    for (const entry of ledger) creators.set(entry.lineIndex!, (creators.get(entry.lineIndex!) ?? new Set()).add(entry.creatorId));
    expect([...creators.values()].map((set) => [...set])).toEqual([['creator-lin'], ['creator-sam']]);
    expect(Object.keys(LedgerEntry.shape)).not.toContain('referrerId');
  });

  it('property: any sequence of states leaves each line at what it earns now, pending never negative, paid never edited', () => {
    const state = fc.record({
      status: fc.constantFrom(...ORDER_STATUSES),
      refunded: fc.integer({ min: 0, max: 10_000 }),
      pay: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(state, { minLength: 1, maxLength: 8 }), (steps) => {
        let refunded = 0;
        const ledger: LedgerEntry[] = [];
        for (const [day, step] of steps.entries()) {
          refunded = Math.max(refunded, step.refunded);
          const lines = [line(10_000, { refunded: cny(refunded) })];
          const before = ledger.filter((e) => e.payoutId !== null).map((e) => structuredClone(e));
          ledger.push(...planLedger({ orderId: 'ord-1', partner, status: step.status, lines, at: at(day), existing: ledger }));
          if (step.pay) for (const [i, entry] of ledger.entries()) if (entry.balance === 'approved' && entry.payoutId === null) ledger[i] = { ...entry, payoutId: `pay-${day}` };
          expect(ledger.filter((e) => e.payoutId !== null).slice(0, before.length)).toEqual(before);
          expect(sum(ledger)).toBe(lineTarget(lines[0]!, 600, step.status).amount);
          expect(sum(ledger, (e) => e.balance === 'pending')).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe('summarizeCommissions', () => {
  it('sums each line and names its state', () => {
    const entry = (fields: Partial<LedgerEntry>): LedgerEntry => ({
      id: 'x',
      kind: 'accrual',
      balance: 'pending',
      creatorId: 'creator-lin',
      amount: cny(600),
      orderId: 'ord-1',
      lineIndex: 0,
      recommendationId: 'rec-lin-serum',
      partnerId: 'partner-hanfang',
      base: cny(10_000),
      rateBps: 600,
      createdAt: '2026-11-20T00:00:00.000Z',
      payoutId: null,
      ...fields,
    });
    const summary = summarizeCommissions('ord-1', [
      entry({}),
      entry({ lineIndex: 1, balance: 'approved', payoutId: 'pay-1' }),
      entry({ lineIndex: 2, balance: 'approved' }),
      entry({ lineIndex: 3 }),
      entry({ lineIndex: 3, kind: 'reversal', amount: cny(-600) }),
      entry({ lineIndex: 4, balance: 'approved', payoutId: 'pay-1' }),
      entry({ lineIndex: 4, kind: 'adjustment', balance: 'approved', amount: cny(-100) }),
    ]);
    expect(summary.map((c) => [c.lineIndex, c.amount.amount, c.state])).toEqual([
      [0, 600, 'pending'],
      [1, 600, 'paid'],
      [2, 600, 'approved'],
      [3, 0, 'reversed'],
      [4, 500, 'approved'],
    ]);
    for (const commission of summary) expect(Commission.safeParse(commission).success).toBe(true);
  });
});
