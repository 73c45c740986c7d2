import { describe, expect, it } from 'vitest';
import { aggregateCreatorStats, type StatsFacts } from './stats.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const EMPTY = { impressions: 0, clicks: 0, orders: 0, gmv: [], commissionPending: [], commissionApproved: [], commissionPaid: [], commissionReversed: [] };

describe('aggregateCreatorStats', () => {
  it('applies the rules whatever the grouping of the facts', () => {
    const facts: StatsFacts = {
      recommendations: [
        { id: 'rec-b', title: 'B' },
        { id: 'rec-a', title: 'A' },
      ],
      events: [
        { recommendationId: 'rec-a', type: 'impression', count: 3 },
        { recommendationId: 'rec-a', type: 'impression', count: 2 },
        { recommendationId: 'rec-a', type: 'click', count: 1 },
        { recommendationId: 'rec-a', type: 'checkout', count: 9 },
        { recommendationId: 'rec-other', type: 'impression', count: 100 },
      ],
      orderLines: [
        { recommendationId: 'rec-a', orderId: 'o1', orderStatus: 'paid', amount: usd(1000) },
        { recommendationId: 'rec-a', orderId: 'o1', orderStatus: 'paid', amount: cny(500) },
        { recommendationId: 'rec-a', orderId: 'o2', orderStatus: 'refunded', amount: usd(800), refunded: usd(300) },
        { recommendationId: 'rec-a', orderId: 'o3', orderStatus: 'refunded', amount: usd(800), refunded: usd(800) },
        { recommendationId: 'rec-a', orderId: 'o4', orderStatus: 'cancelled', amount: usd(999) },
        { recommendationId: 'rec-other', orderId: 'o5', orderStatus: 'paid', amount: usd(1) },
      ],
      ledger: [
        { recommendationId: 'rec-a', creatorId: 'me', balance: 'pending', kind: 'accrual', settled: false, amount: usd(144) },
        { recommendationId: 'rec-a', creatorId: 'me', balance: 'pending', kind: 'reversal', settled: false, amount: usd(-64) },
        { recommendationId: 'rec-a', creatorId: 'me', balance: 'approved', kind: 'accrual', settled: false, amount: usd(40) },
        { recommendationId: 'rec-a', creatorId: 'me', balance: 'approved', kind: 'accrual', settled: true, amount: usd(60) },
        { recommendationId: 'rec-a', creatorId: 'me', balance: 'approved', kind: 'adjustment', settled: false, amount: usd(-50) },
        { recommendationId: null, creatorId: 'me', balance: 'approved', kind: 'payout', settled: true, amount: usd(-60) },
        { recommendationId: 'rec-a', creatorId: 'someone-else', balance: 'pending', kind: 'accrual', settled: false, amount: usd(7) },
        { recommendationId: 'rec-b', creatorId: 'me', balance: 'pending', kind: 'accrual', settled: false, amount: cny(0) },
        { recommendationId: null, creatorId: 'me', balance: 'pending', kind: 'accrual', settled: false, amount: usd(5) },
      ],
    };
    expect(aggregateCreatorStats('me', facts)).toEqual([
      { recommendationId: 'rec-b', title: 'B', ...EMPTY },
      {
        recommendationId: 'rec-a',
        title: 'A',
        impressions: 5,
        clicks: 1,
        orders: 2,
        // Sorted by currency code; the fully refunded and the cancelled lines count nowhere.
        gmv: [cny(500), usd(1500)],
        commissionPending: [usd(80)],
        // Approved entries paid or not, adjustments included; payouts are not commission.
        commissionApproved: [usd(50)],
        commissionPaid: [usd(60)],
        commissionReversed: [usd(114)],
      },
    ]);
  });

  it('gives an empty list for a creator without recommendations', () => {
    expect(aggregateCreatorStats('me', { recommendations: [], events: [], orderLines: [], ledger: [] })).toEqual([]);
  });
});
