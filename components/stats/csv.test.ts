import { describe, expect, it } from 'vitest';
import type { Money } from '../../src/model/money.js';
import type { CreatorStats } from '../../src/model/stats.js';
import { CSV_COLUMNS, csvFileName, decimalAmount, statsCsv } from './csv.js';
import { statsTotals, sumMoney } from './stats.js';

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const usd = (amount: number): Money => ({ amount, currency: 'USD' });
const jpy = (amount: number): Money => ({ amount, currency: 'JPY' });

const stats: CreatorStats = {
  creatorId: 'creator-lin',
  generatedAt: '2026-12-02T02:00:00.000Z',
  range: { from: '2026-11-30T16:00:00.000Z', to: '2026-12-02T16:00:00.000Z', bucket: 'day', timeZone: 'Asia/Shanghai' },
  recommendations: [
    { recommendationId: 'rec-1', title: '精华, "夏天"\n款', impressions: 120, clicks: 9, orders: 2, gmv: [cny(25800), usd(4999)], commissionPending: [cny(645)], commissionApproved: [usd(250)], commissionPaid: [usd(100)], commissionReversed: [cny(129)] },
    { recommendationId: 'rec-2', title: '=HYPERLINK("https://evil.example")', impressions: 30, clicks: 1, orders: 0, gmv: [], commissionPending: [], commissionApproved: [] },
    { recommendationId: 'rec-3', title: 'Ramen', impressions: 5, clicks: 1, orders: 1, gmv: [jpy(1200)], commissionPending: [jpy(60)], commissionApproved: [] },
  ],
  series: [
    { start: '2026-11-30T16:00:00.000Z', impressions: 100, clicks: 7, orders: 1, gmv: [cny(25800)], commission: [cny(516)] },
    { start: '2026-12-01T16:00:00.000Z', impressions: 55, clicks: 4, orders: 2, gmv: [usd(4999), jpy(1200)], commission: [usd(250), jpy(60), cny(-129)] },
  ],
  placements: [
    { page: 'https://blog.example/posts/summer', placement: 'sidebar', impressions: 150, clicks: 10, orders: 3, gmv: [cny(25800), usd(4999)], commission: [cny(516), usd(250)] },
    { page: '', placement: '', impressions: 5, clicks: 1, orders: 0, gmv: [], commission: [] },
  ],
  filtered: { total: 7, byReason: { bot: 5, repeat_click: 2 } },
};

/** RFC 4180 parsing, enough for the export: quoted fields with "" and line breaks. */
function parseCsv(text: string): Record<string, string>[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ''), i++;
    } else cell += char;
  }
  const [header, ...data] = rows;
  expect(header).toEqual([...CSV_COLUMNS]);
  return data.map((cells) => Object.fromEntries(header!.map((name, index) => [name, cells[index] ?? ''])));
}

const sum = (rows: Record<string, string>[], column: string) => rows.reduce((total, row) => total + (row[column] ? Number(row[column]) : 0), 0);
/** A money column summed per currency, as minor units (exact: the decimals are parsed by hand). */
function moneySum(rows: Record<string, string>[], column: string): Money[] {
  const minor = (value: string, currency: string) => {
    const digits = currency === 'JPY' ? 0 : 2;
    const [whole, fraction = ''] = value.replace('-', '').split('.');
    const amount = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || 0);
    return value.startsWith('-') ? -amount : amount;
  };
  return sumMoney(rows.filter((row) => row[column]).map((row) => [{ amount: minor(row[column]!, row['currency']!), currency: row['currency']! }]));
}
const sorted = (list: Money[]) => [...list].sort((a, b) => a.currency.localeCompare(b.currency));

describe('statsCsv', () => {
  const rows = parseCsv(statsCsv(stats));
  const section = (name: string) => rows.filter((row) => row['section'] === name);

  it('totals of every column equal the API’s, counts and money per currency', () => {
    const totals = statsTotals(stats);
    const recs = section('recommendation');
    expect(sum(recs, 'impressions')).toBe(totals.impressions);
    expect(sum(recs, 'clicks')).toBe(totals.clicks);
    expect(sum(recs, 'orders')).toBe(totals.orders);
    expect(sorted(moneySum(recs, 'gmv'))).toEqual(sorted(totals.gmv));
    expect(sorted(moneySum(recs, 'commission_pending'))).toEqual(sorted(totals.commissionPending));
    expect(sorted(moneySum(recs, 'commission_approved'))).toEqual(sorted(totals.commissionApproved));
    expect(moneySum(recs, 'commission_paid')).toEqual([usd(100)]);
    expect(moneySum(recs, 'commission_reversed')).toEqual([cny(129)]);

    const series = section('series');
    expect(sum(series, 'impressions')).toBe(155);
    expect(sum(series, 'orders')).toBe(3);
    expect(sorted(moneySum(series, 'commission'))).toEqual(sorted(sumMoney(stats.series!.map((point) => point.commission))));

    expect(sum(section('placement'), 'impressions')).toBe(155);
    expect(sorted(moneySum(section('placement'), 'gmv'))).toEqual(sorted(sumMoney(stats.placements!.map((row) => row.gmv))));
    expect(sum(section('filtered'), 'filtered')).toBe(stats.filtered!.total);
  });

  it('writes one row per entity and currency, the counts on the first only', () => {
    const rec1 = section('recommendation').filter((row) => row['recommendation_id'] === 'rec-1');
    expect(rec1.map((row) => [row['currency'], row['impressions'], row['gmv']])).toEqual([
      ['CNY', '120', '258.00'],
      ['USD', '', '49.99'],
    ]);
    const rec2 = section('recommendation').filter((row) => row['recommendation_id'] === 'rec-2');
    expect(rec2).toHaveLength(1);
    expect(rec2[0]!['currency']).toBe('');
    expect(section('series')[1]!['commission']).toBe('2.50');
    expect(section('series').find((row) => row['currency'] === 'CNY' && row['start'] === '2026-12-01T16:00:00.000Z')!['commission']).toBe('-1.29');
  });

  it('keeps titles exact, quoted where needed, and defuses spreadsheet formulas', () => {
    const titles = section('recommendation').map((row) => row['title']);
    expect(titles).toContain('精华, "夏天"\n款');
    expect(titles).toContain(`'=HYPERLINK("https://evil.example")`);
    expect(section('placement')[0]).toMatchObject({ page: 'https://blog.example/posts/summer', placement: 'sidebar' });
    expect(section('filtered').map((row) => [row['reason'], row['filtered']])).toEqual([
      ['bot', '5'],
      ['repeat_click', '2'],
    ]);
  });

  it('adds no identifier the API did not return', () => {
    const values = new Set(rows.flatMap((row) => Object.values(row)));
    for (const id of ['rec-1', 'rec-2', 'rec-3']) expect(values.has(id)).toBe(true);
    expect(rows.every((row) => Object.keys(row).every((key) => (CSV_COLUMNS as readonly string[]).includes(key)))).toBe(true);
    expect(statsCsv(stats)).not.toMatch(/creator-lin|click_?id|visitor|vt_/i);
  });

  it('formats amounts exactly in the major unit', () => {
    expect(decimalAmount(cny(5))).toBe('0.05');
    expect(decimalAmount(cny(-129))).toBe('-1.29');
    expect(decimalAmount(jpy(1200))).toBe('1200');
    expect(decimalAmount({ amount: 1234, currency: 'KWD' })).toBe('1.234');
    expect(decimalAmount(cny(900719925474099))).toBe('9007199254740.99');
  });

  it('names the file after the creator and the days', () => {
    expect(csvFileName('creator-lin', { firstDay: '2026-11-26', lastDay: '2026-12-02' })).toBe('vitrine-stats-creator-lin-2026-11-26_2026-12-02.csv');
    expect(csvFileName('a/b', undefined)).toBe('vitrine-stats-a_b-all-time.csv');
  });
});
