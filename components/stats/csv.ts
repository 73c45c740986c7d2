/**
 * The CSV export of `<vitrine-stats>`: exactly what the creator's API answered,
 * nothing added (no visitor, click or event identifiers: the API returns none).
 */
import type { Money } from '../../src/model/money.js';
import type { CreatorStats } from '../../src/model/stats.js';

/**
 * The columns, in order. One row per entity (`section`: `series` bucket,
 * `recommendation`, `placement`, `filtered` reason) and currency: an entity with
 * money in two currencies has two rows, its counts on the first only, so that
 * summing a column gives the API's total and money sums per `currency`.
 * Amounts are decimals in the currency's major unit (`12.50`), never converted.
 */
export const CSV_COLUMNS = [
  'section',
  'start',
  'recommendation_id',
  'title',
  'page',
  'placement',
  'reason',
  'impressions',
  'clicks',
  'orders',
  'filtered',
  'currency',
  'gmv',
  'commission',
  'commission_pending',
  'commission_approved',
  'commission_paid',
  'commission_reversed',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number>>;
type MoneyColumn = 'gmv' | 'commission' | 'commission_pending' | 'commission_approved' | 'commission_paid' | 'commission_reversed';

/** How many minor-unit digits a currency has (CNY 2, JPY 0, KWD 3), from `Intl` (as `minorUnitDigits` of src/i18n). */
const digitsOf = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** Integer minor units as an exact decimal in the major unit (`1250` CNY → `12.50`). */
export function decimalAmount(money: Money): string {
  const digits = digitsOf(money.currency);
  const units = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  const decimal = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return money.amount < 0 ? `-${decimal}` : decimal;
}

/** A CSV field (RFC 4180); text that a spreadsheet would run as a formula starts with `'`. */
function field(value: string | number | undefined, text: boolean): string {
  if (value === undefined) return '';
  let cell = String(value);
  if (text && /^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
const TEXT: ReadonlySet<Column> = new Set(['section', 'start', 'recommendation_id', 'title', 'page', 'placement', 'reason', 'currency']);

/** Rows of one entity: counts on the first, then one row per currency of its money. */
function rows(base: Row, money: Partial<Record<MoneyColumn, readonly Money[] | undefined>>, counts: Row): Row[] {
  const currencies = [...new Set(Object.values(money).flatMap((list) => (list ?? []).map((item) => item.currency)))];
  if (currencies.length === 0) return [{ ...base, ...counts }];
  return currencies.map((currency, index) => {
    const row: Row = { ...base, ...(index === 0 ? counts : {}), currency };
    for (const [column, list] of Object.entries(money) as [MoneyColumn, readonly Money[] | undefined][]) {
      const found = list?.find((item) => item.currency === currency);
      if (found) row[column] = decimalAmount(found);
    }
    return row;
  });
}

/** The stats as CSV text (UTF-8 with a BOM, CRLF lines, a header row). */
export function statsCsv(stats: CreatorStats): string {
  const out: Row[] = [];
  for (const point of stats.series ?? []) {
    out.push(...rows({ section: 'series', start: point.start }, { gmv: point.gmv, commission: point.commission }, { impressions: point.impressions, clicks: point.clicks, orders: point.orders }));
  }
  for (const rec of stats.recommendations) {
    out.push(
      ...rows(
        { section: 'recommendation', recommendation_id: rec.recommendationId, title: rec.title },
        {
          gmv: rec.gmv,
          commission_pending: rec.commissionPending,
          commission_approved: rec.commissionApproved,
          commission_paid: rec.commissionPaid,
          commission_reversed: rec.commissionReversed,
        },
        { impressions: rec.impressions, clicks: rec.clicks, orders: rec.orders },
      ),
    );
  }
  for (const place of stats.placements ?? []) {
    out.push(...rows({ section: 'placement', page: place.page, placement: place.placement }, { gmv: place.gmv, commission: place.commission }, { impressions: place.impressions, clicks: place.clicks, orders: place.orders }));
  }
  for (const [reason, count] of Object.entries(stats.filtered?.byReason ?? {})) out.push({ section: 'filtered', reason, filtered: count });
  const lines = [CSV_COLUMNS.join(','), ...out.map((row) => CSV_COLUMNS.map((column) => field(row[column], TEXT.has(column))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The file name of an export: `vitrine-stats-<creator>-<first day>_<last day>.csv` (or `-all-time`). */
export function csvFileName(creatorId: string, range: { firstDay: string; lastDay: string } | undefined): string {
  const safe = creatorId.replace(/[^\w.-]/g, '_');
  return `vitrine-stats-${safe}-${range ? `${range.firstDay}_${range.lastDay}` : 'all-time'}.csv`;
}
