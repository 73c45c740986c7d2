import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../model/commission.js';
import type { Order } from '../../model/order.js';
import { bucketStart, bucketStarts, isTimeZone, nextBucket } from './buckets.js';
import { buildStatsReport, ledgerContribution, orderContribution, orderDelta, type SalesRow } from './stats.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const EMPTY = { impressions: 0, clicks: 0, orders: 0, gmv: [], commissionPending: [], commissionApproved: [], commissionPaid: [], commissionReversed: [] };
const H = 3_600_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');
const sale = (fields: Partial<SalesRow>): SalesRow => ({
  recommendationId: 'rec-a', bucket: T0, page: '', placement: '', currency: 'USD', orders: 0, gmv: 0, pending: 0, approved: 0, paid: 0, reversed: 0, ...fields,
});
const order = (fields: Partial<Order>): Order => ({
  id: 'o1', partnerId: 'p', partnerOrderId: 'P1', clickId: null, creatorId: 'me', status: 'paid',
  timeline: [{ status: 'placed', at: '2026-11-20T01:00:00Z' }],
  lines: [
    { recommendationId: 'rec-a', title: 'A', quantity: 1, amount: usd(1000) },
    { recommendationId: 'rec-a', title: 'A2', quantity: 1, amount: usd(500), refunded: usd(200) },
    { recommendationId: 'rec-b', title: 'B', quantity: 1, amount: usd(300), refunded: usd(300) },
    { title: 'gift wrap', quantity: 1, amount: usd(50) },
  ],
  total: usd(1850),
  ...fields,
});

describe('rollup contributions', () => {
  it('counts an order once per recommendation with its net amounts; a cancelled order or a fully refunded line adds nothing', () => {
    expect(orderContribution(order({}))).toEqual(new Map([['rec-a', { orders: 1, gmv: 1300 }]]));
    expect(orderContribution(order({ status: 'cancelled' }))).toEqual(new Map());
  });

  it('rolls up the difference an order change makes', () => {
    const placed = order({ status: 'placed', lines: order({}).lines.map(({ refunded: _r, ...line }) => line) });
    expect(orderDelta(null, placed)).toEqual([
      { recommendationId: 'rec-a', orders: 1, gmv: 1500 },
      { recommendationId: 'rec-b', orders: 1, gmv: 300 },
    ]);
    expect(orderDelta(placed, order({}))).toEqual([
      { recommendationId: 'rec-a', orders: 0, gmv: -200 },
      { recommendationId: 'rec-b', orders: -1, gmv: -300 },
    ]);
    expect(orderDelta(order({}), order({}))).toEqual([]);
    expect(orderDelta(order({}), order({ status: 'cancelled' }))).toEqual([{ recommendationId: 'rec-a', orders: -1, gmv: -1300 }]);
  });

  it('books ledger entries into pending, approved and reversed; payouts and entries without a recommendation add nothing', () => {
    const entry = (fields: Partial<LedgerEntry>): LedgerEntry => ({
      id: 'e', kind: 'accrual', balance: 'pending', creatorId: 'me', amount: usd(60), orderId: 'o1', lineIndex: 0, recommendationId: 'rec-a',
      partnerId: 'p', base: usd(1000), rateBps: 600, createdAt: '2026-11-20T01:00:00Z', payoutId: null, ...fields,
    });
    expect(ledgerContribution(entry({}))).toEqual({ pending: 60, approved: 0, reversed: 0 });
    expect(ledgerContribution(entry({ kind: 'reversal', balance: 'approved', amount: usd(-20) }))).toEqual({ pending: 0, approved: -20, reversed: 20 });
    expect(ledgerContribution(entry({ kind: 'payout', balance: 'approved', amount: usd(-60), orderId: null, recommendationId: null }))).toBeNull();
    expect(ledgerContribution(entry({ recommendationId: null }))).toBeNull();
  });
});

describe('buildStatsReport', () => {
  it('adds rollup rows up per recommendation, per bucket of the series and per placement', () => {
    const report = buildStatsReport(
      { from: T0, to: T0 + 3 * H, bucket: 'hour', timeZone: 'UTC' },
      {
        recommendations: [
          { id: 'rec-b', title: 'B' },
          { id: 'rec-a', title: 'A' },
        ],
        traffic: [
          { recommendationId: 'rec-a', bucket: T0, page: 'https://blog.example/a', placement: 'top', impressions: 3, clicks: 1 },
          { recommendationId: 'rec-a', bucket: T0 + 2 * H, page: 'https://blog.example/a', placement: 'top', impressions: 2, clicks: 0 },
          { recommendationId: 'rec-a', bucket: T0 + 2 * H, page: 'https://blog.example/b', placement: '', impressions: 7, clicks: 2 },
          { recommendationId: 'rec-other', bucket: T0, page: '', placement: '', impressions: 100, clicks: 100 },
        ],
        sales: [
          sale({ orders: 1, gmv: 1000, pending: 60, page: 'https://blog.example/a', placement: 'top' }),
          sale({ bucket: T0 + H, currency: 'CNY', orders: 1, gmv: 500, approved: 30, paid: 30 }),
          sale({ bucket: T0 + 2 * H, approved: -10, reversed: 10 }),
          sale({ recommendationId: 'rec-other', orders: 9 }),
        ],
        filtered: [
          { bucket: T0, reason: 'bot', count: 4 },
          { bucket: T0 + H, reason: 'bot', count: 1 },
          { bucket: T0 + H, reason: 'repeat_click', count: 2 },
        ],
      },
    );
    expect(report.recommendations).toEqual([
      { recommendationId: 'rec-b', title: 'B', ...EMPTY },
      {
        recommendationId: 'rec-a', title: 'A', impressions: 12, clicks: 3, orders: 2,
        gmv: [cny(500), usd(1000)], commissionPending: [usd(60)], commissionApproved: [cny(30), usd(-10)], commissionPaid: [cny(30)], commissionReversed: [usd(10)],
      },
    ]);
    expect(report.series).toEqual([
      { start: '2026-11-20T00:00:00.000Z', impressions: 3, clicks: 1, orders: 1, gmv: [usd(1000)], commission: [usd(60)] },
      { start: '2026-11-20T01:00:00.000Z', impressions: 0, clicks: 0, orders: 1, gmv: [cny(500)], commission: [cny(30)] },
      { start: '2026-11-20T02:00:00.000Z', impressions: 9, clicks: 2, orders: 0, gmv: [], commission: [usd(-10)] },
    ]);
    expect(report.placements.map(({ page, placement, impressions, orders }) => [page, placement, impressions, orders])).toEqual([
      ['https://blog.example/b', '', 7, 0],
      ['https://blog.example/a', 'top', 5, 1],
      ['', '', 0, 1],
    ]);
    expect(report.filtered).toEqual({ total: 7, byReason: { bot: 5, repeat_click: 2 } });
  });

  it('has no series for all time, and an empty report for a creator without recommendations', () => {
    const report = buildStatsReport({ from: null, to: null, bucket: null, timeZone: 'UTC' }, { recommendations: [], traffic: [], sales: [], filtered: [] });
    expect(report).toEqual({ recommendations: [], series: [], placements: [], filtered: { total: 0, byReason: {} } });
  });
});

describe('buckets', () => {
  it('starts days at midnight in the time zone, DST days included', () => {
    // 2026-11-20 09:30 in Shanghai (UTC+8, no DST): the day started at 2026-11-19T16:00Z.
    expect(new Date(bucketStart(Date.parse('2026-11-20T01:30:00Z'), 'day', 'Asia/Shanghai')).toISOString()).toBe('2026-11-19T16:00:00.000Z');
    // New York's 2026-11-01 lasts 25 hours (DST ends): the next day starts 25 h later.
    const nov1 = bucketStart(Date.parse('2026-11-01T12:00:00Z'), 'day', 'America/New_York');
    expect(new Date(nov1).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(nextBucket(nov1, 'day', 'America/New_York')).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(bucketStarts(nov1, nov1 + 3 * 86_400_000, 'day', 'America/New_York')).toHaveLength(3);
    expect(bucketStart(T0 + 59_999, 'minute', 'UTC')).toBe(T0);
    expect(bucketStart(T0 + H - 1, 'hour', 'Asia/Kolkata')).toBe(T0);
  });

  it('knows time zone names', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone("UTC'; drop table events")).toBe(false);
  });
});
