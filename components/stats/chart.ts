import { html, svg, nothing } from 'lit';
import { formatCount, formatMoney, type Locale, type MessageKey } from '../../src/i18n/index.js';
import type { Money } from '../../src/model/money.js';
import type { StatsBucket, StatsPoint } from '../../src/model/stats.js';
import type { StatsMessageKey } from './messages.js';

type Msg = (key: MessageKey | StatsMessageKey, params?: Record<string, string | number>) => string;

/** One small multiple: a metric (a count, or commission in one currency) over the buckets. */
export interface SeriesMetric {
  id: string;
  label: string;
  values: number[];
  format: (value: number) => string;
}

const times = new Map<string, Intl.DateTimeFormat>();
/** A bucket start as the reader reads it: the hour for hourly series, the date for daily ones, in the range's zone. */
export function bucketLabel(start: string, bucket: StatsBucket, locale: Locale, timeZone: string, withDate = false): string {
  const key = `${locale}|${bucket}|${timeZone}|${withDate}`;
  let format = times.get(key);
  if (!format) {
    const time = bucket === 'day' ? { month: 'short', day: 'numeric' } : withDate ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' };
    format = new Intl.DateTimeFormat(locale, { ...(time as Intl.DateTimeFormatOptions), timeZone, hourCycle: 'h23' });
    times.set(key, format);
  }
  return format.format(new Date(start));
}

/** Money of one currency in a money list (0 when absent). */
const amountIn = (list: readonly Money[], currency: string) => list.find((money) => money.currency === currency)?.amount ?? 0;

/** The metrics of a series: impressions, clicks, orders, then commission once per currency (never converted). */
export function seriesMetrics(series: readonly StatsPoint[], locale: Locale, msg: Msg): SeriesMetric[] {
  const count = (value: number) => formatCount(value, locale);
  const metrics: SeriesMetric[] = (['impressions', 'clicks', 'orders'] as const).map((key) => ({
    id: key,
    label: msg(key === 'orders' ? 'orderCount' : key),
    values: series.map((point) => point[key]),
    format: count,
  }));
  const currencies = [...new Set(series.flatMap((point) => point.commission.map((money) => money.currency)))];
  for (const currency of currencies.length ? currencies : []) {
    metrics.push({
      id: `commission-${currency}`,
      label: currencies.length > 1 ? `${msg('commission')} (${currency})` : msg('commission'),
      values: series.map((point) => amountIn(point.commission, currency)),
      format: (amount) => formatMoney({ amount, currency }, locale),
    });
  }
  return metrics;
}

const WIDTH = 240;
const HEIGHT = 60;

/**
 * The series as small multiples, one bar chart per metric, each an
 * `<svg role="img">` named by its `<title>` and summarised in its `<desc>`
 * (total, and the highest bucket), so a screen reader hears what a glance shows.
 */
export function renderSeriesCharts(series: readonly StatsPoint[], options: { bucket: StatsBucket; timeZone: string; locale: Locale; msg: Msg }) {
  const { bucket, timeZone, locale, msg } = options;
  if (series.length === 0) return nothing;
  const metrics = seriesMetrics(series, locale, msg);
  const multiDay = bucket !== 'day' && series.length > 0 && new Date(series[series.length - 1]!.start).getTime() - new Date(series[0]!.start).getTime() >= 86_400_000;
  const label = (index: number) => bucketLabel(series[index]!.start, bucket, locale, timeZone, multiDay);
  const slot = WIDTH / series.length;
  const gap = series.length > 60 ? 0 : Math.min(2, slot * 0.2);
  return html`<ul class="charts" part="charts">
    ${metrics.map((metric) => {
      const total = metric.values.reduce((sum, value) => sum + value, 0);
      const max = Math.max(0, ...metric.values);
      const min = Math.min(0, ...metric.values);
      const span = max - min || 1;
      const peak = metric.values.indexOf(max);
      const summary =
        max > 0
          ? msg('chartSummary', { metric: metric.label, total: metric.format(total), max: metric.format(max), peak: label(peak), from: label(0), to: label(series.length - 1) })
          : msg('chartEmpty', { metric: metric.label, total: metric.format(total) });
      const zero = HEIGHT * (max / span);
      return html`<li class="chart" part="chart">
        <p class="chart-head"><span class="chart-label">${metric.label}</span> <span class="chart-total">${metric.format(total)}</span></p>
        <svg role="img" aria-labelledby="${metric.id}-title ${metric.id}-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" data-metric=${metric.id}>
          ${svg`<title id="${metric.id}-title">${metric.label}</title><desc id="${metric.id}-desc">${summary}</desc>
          <line class="axis" x1="0" x2=${WIDTH} y1=${zero} y2=${zero} vector-effect="non-scaling-stroke"></line>
          ${metric.values.map((value, index) => {
            const height = (Math.abs(value) / span) * HEIGHT;
            const y = value >= 0 ? zero - height : zero;
            return svg`<rect class=${value < 0 ? 'bar negative' : 'bar'} x=${index * slot + gap / 2} y=${y} width=${Math.max(0.5, slot - gap)} height=${value === 0 ? 0 : Math.max(0.5, height)}></rect>`;
          })}`}
        </svg>
        <p class="chart-axis" aria-hidden="true"><span>${label(0)}</span><span>${label(series.length - 1)}</span></p>
      </li>`;
    })}
  </ul>`;
}

/** The same numbers as a table (the chart's text alternative), one row per bucket. */
export function renderSeriesTable(series: readonly StatsPoint[], options: { bucket: StatsBucket; timeZone: string; locale: Locale; msg: Msg }) {
  const { bucket, timeZone, locale, msg } = options;
  const metrics = seriesMetrics(series, locale, msg);
  return html`<details class="series-table" part="series-table">
    <summary>${msg('showTable')}</summary>
    <div class="scroll" role="region" aria-labelledby="series-caption" tabindex="0">
      <table>
        <caption id="series-caption">${msg('trend')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('time')}</th>
            ${metrics.map((metric) => html`<th scope="col">${metric.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${series.map(
            (point, index) =>
              html`<tr>
                <th scope="row">${bucketLabel(point.start, bucket, locale, timeZone, bucket !== 'day')}</th>
                ${metrics.map((metric) => html`<td>${metric.format(metric.values[index]!)}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </details>`;
}
