import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isHttpError, isVitrineError, VitrineError } from '../../src/errors.js';
import { DEV_MODE } from '../../src/internal/dev.js';
import { formatCount, formatDateTime, formatMoney, formatPercent, type Locale, type MessageKey } from '../../src/i18n/index.js';
import { sumMoney as sumAll } from '../../src/internal/money.js';
import type { Money } from '../../src/model/money.js';
import type { CreatorStats, PlacementStats, RecommendationStats } from '../../src/model/stats.js';
import { VitrineRangeChangeEvent } from '../events/vitrine-range-change.js';
import { LiveController } from '../shared/live-controller.js';
import { renderSeriesCharts, renderSeriesTable } from './chart.js';
import { csvFileName, statsCsv } from './csv.js';
import { isDay, isTimeZone, readerTimeZone, resolveStatsRange, STATS_PRESETS, type ResolvedStatsRange, type StatsPreset } from './range.js';
import { baseStyles } from '../shared/styles.js';
import { VitrineElement } from '../shared/vitrine-element.js';
import { isStatsKey, statsText, type StatsMessageKey } from './messages.js';
import { statsStyles } from './stats.styles.js';

/** Adds money lists up per currency (currencies in first-seen order); never mixes currencies. */
export const sumMoney = (lists: readonly (readonly Money[])[]): Money[] => sumAll(lists.flat());

/** Click-through rate, or `undefined` when there were no impressions (never NaN or Infinity). */
export function clickThroughRate(clicks: number, impressions: number): number | undefined {
  return impressions > 0 ? clicks / impressions : undefined;
}

/** The totals row of a creator's stats: every recommendation added up. */
export function statsTotals(stats: CreatorStats): Omit<RecommendationStats, 'recommendationId' | 'title'> {
  const all = stats.recommendations;
  const count = (key: 'impressions' | 'clicks' | 'orders') => all.reduce((sum, row) => sum + row[key], 0);
  return {
    impressions: count('impressions'),
    clicks: count('clicks'),
    orders: count('orders'),
    gmv: sumMoney(all.map((row) => row.gmv)),
    commissionPending: sumMoney(all.map((row) => row.commissionPending)),
    commissionApproved: sumMoney(all.map((row) => row.commissionApproved)),
    ...(all.some((row) => row.commissionPaid) ? { commissionPaid: sumMoney(all.map((row) => row.commissionPaid ?? [])) } : {}),
    ...(all.some((row) => row.commissionReversed) ? { commissionReversed: sumMoney(all.map((row) => row.commissionReversed ?? [])) } : {}),
  };
}

const EMPTY = '—';

/**
 * @tagname vitrine-stats
 * @summary A creator's own dashboard: impressions, clicks, CTR, orders, GMV and
 * commission over a chosen range, as charts and tables, per recommendation and
 * per placement, with the invalid traffic filtered out; refreshed live, exported as CSV.
 *
 * **Range**: a picker offers today (by the hour), the last 7 or 30 days (today
 * included, by the day), a custom range (two dates, both included: one day by
 * the hour, up to 400 days by the day) and all time (per recommendation only).
 * Days start at midnight in the reader's time zone, or in `tz` (IANA). The
 * initial choice is the `range` attribute (`today`, `7d` (default), `30d`,
 * `custom` with `from` and `to`, or `all`); the reader's choice sets the
 * `range`, `from` and `to` properties and fires `vitrine-range-change`.
 *
 * **What it shows** for a range: totals (provisional, approved, paid and
 * reversed commission per currency), one small bar chart per metric
 * (impressions, clicks, orders, commission per currency; each an
 * `<svg role="img">` with a text summary) and the same numbers as a table, the
 * per-recommendation and per-placement (page and `placement`) breakdowns, and
 * how many events were filtered as invalid traffic, per reason. "Download CSV"
 * saves exactly the numbers of the API's answer (see `statsCsv`). Impressions
 * are viewable impressions: a card at least 50 % visible for 1 s.
 *
 * **The `api-key` attribute is the creator's secret.** Put this element only on
 * the creator's own private page (behind their login), never on a public page
 * or in a snippet readers can see: anyone who reads the key can read the stats
 * and publish recommendations as the creator. The key is not reflected from the
 * `apiKey` property to the attribute.
 *
 * Updates are pushed by the platform while connected and while the page is
 * visible (Server-Sent Events, `GET /v1/stream/stats` opened with a
 * short-lived token from `POST /v1/stream/tokens`: the key never goes in a
 * URL), so numbers appear within a second of the events; while the stream is
 * down (or with `stream="false"`) it refreshes every `interval` ms instead. Money is totalled per
 * currency and never converted. A rejected key (401/403) shows a specific message.
 *
 * @csspart stats - The whole dashboard (`<section>`).
 * @csspart range - The range picker (`<fieldset>` of radio buttons).
 * @csspart custom-range - The two date inputs and their button of a custom range.
 * @csspart range-error - The message of a custom range that cannot be shown.
 * @csspart export - The "Download CSV" button.
 * @csspart charts - The small multiples (`<ul>`).
 * @csspart chart - One metric's chart.
 * @csspart series-table - The series as a table (a `<details>`).
 * @csspart placements - The per-placement `<table>`.
 * @csspart filtered - The invalid traffic filtered out, per reason.
 * @csspart totals - The totals (`<dl>`).
 * @csspart total - One total (term and value).
 * @csspart table - The per-recommendation `<table>`.
 * @csspart row - One recommendation's row.
 * @csspart updated - The "Updated …" line.
 * @csspart notice - The notice shown when a background refresh failed.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error state.
 * @csspart retry - The retry button in the error state.
 *
 * @cssprop --vitrine-radius - Corner radius. Default `12px`.
 * @cssprop --vitrine-space - Base spacing. Default `12px`.
 * @cssprop --vitrine-font - Font stack.
 * @cssprop --vitrine-color-accent - Buttons, the chosen range and the chart bars.
 * @cssprop --vitrine-color-on-accent - Text of the chosen range.
 * @cssprop --vitrine-color-surface - Background.
 * @cssprop --vitrine-color-text - Text.
 * @cssprop --vitrine-color-muted - Labels.
 * @cssprop --vitrine-color-border - Borders and table rules.
 * @cssprop --vitrine-color-price - Money totals.
 * @cssprop --vitrine-color-focus - Focus ring.
 *
 * @fires {VitrineErrorEvent} vitrine-error - Loading or refreshing failed (the element shows its error state or notice).
 * @fires {VitrineRangeChangeEvent} vitrine-range-change - The reader chose another range; `detail` is `{ range, from, to }`.
 */
export class VitrineStats extends VitrineElement {
  static override styles = [baseStyles, statsStyles];

  private readonly loader = new Task(this, {
    args: () => [this.currentCreator, this.apiKey, this.api, this.rangeKey] as const,
    task: async ([creator, apiKey, , rangeKey], { signal }) => {
      this.keyRejected = false;
      try {
        const client = this.vitrine;
        if (!creator) throw new VitrineError('invalid_input', 'Set the creator attribute (or <vitrine-root creator>).');
        if (apiKey.length < 16) {
          this.keyRejected = true;
          throw new VitrineError('config', 'Set the api-key attribute to the creator’s API key.');
        }
        // Resolved at every load: "today" moves on at the reader's midnight.
        const range = this.resolveRange();
        const stats = await client.creators.stats(creator, { apiKey, signal, range });
        return { stats, rangeKey, range };
      } catch (error) {
        if (isVitrineError(error, 'aborted')) throw error;
        if (isHttpError(error) && (error.status === 401 || error.status === 403)) this.keyRejected = true;
        throw this.report(error, this.stats ? 'refresh-stats' : 'load-stats');
      }
    },
    onComplete: (view) => {
      this.view = view;
      this.scheduleRollover(view.range);
    },
  });
  private readonly live = new LiveController(this, {
    interval: () => Math.max(2000, Number.isFinite(this.interval) ? this.interval : 10000),
    refresh: () => this.loader.run(),
    // Pushed by the platform (GET /v1/stream/stats with a short-lived token): polling only while the stream is down.
    stream: async () => (this.stream === false || this.apiKey.length < 16 ? null : this.vitrine.creators.statsStreamUrl({ apiKey: this.apiKey, range: this.resolveRange() })),
    streamEvent: 'stats',
  });
  /** Whether the last failure was the API key's (missing, 401 or 403). */
  private keyRejected = false;
  /** Fires when the range on screen ends (the reader's midnight for `today`, `7d`, `30d`). */
  private rollover: ReturnType<typeof setTimeout> | undefined;

  /** The last stats loaded for the current creator and key, and the range they cover; kept on screen when a refresh fails. */
  @state() private view: { stats: CreatorStats; rangeKey: string; range: ResolvedStatsRange | undefined } | undefined;
  /** Why the custom range typed in cannot be shown, if it cannot. */
  @state() private rangeError = '';

  /** Creator id; default from `<vitrine-root creator>` or `configure({ creator })`. */
  @property({ reflect: true }) creator = '';

  /**
   * The creator's API key (attribute `api-key`). Secret: use only on the
   * creator's own private page. Never reflected to the attribute.
   */
  @property({ attribute: 'api-key' }) apiKey = '';

  /** Refresh period in ms while the page is visible and no stream is open. Default 10000; at least 2000. */
  @property({ type: Number }) interval = 10000;

  /** Push updates through the platform's stream (default `true`); `false` (attribute `stream="false"`): poll every `interval` ms only. */
  @property({ converter: (value) => value !== 'false' }) stream = true;

  /**
   * The range shown: `today`, `7d` (default), `30d`, `custom` (the days `from`
   * to `to`) or `all` (all time). The picker changes it.
   */
  @property({ reflect: true }) range: StatsPreset = '7d';

  /** First day of a `custom` range, `YYYY-MM-DD` (local to `tz`). */
  @property({ reflect: true }) from = '';

  /** Last day of a `custom` range (included), `YYYY-MM-DD`. */
  @property({ reflect: true }) to = '';

  /** IANA time zone the days start in (e.g. `Asia/Shanghai`). Default: the reader's. */
  @property({ reflect: true }) tz = '';

  protected override configurationChanged(): void {
    void this.refresh();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Numbers read with another key or from another platform must not stay on screen.
    if (changed.get('apiKey') !== undefined || changed.get('api') !== undefined) this.view = undefined;
    if (changed.has('range') && !(STATS_PRESETS as readonly string[]).includes(this.range)) this.range = '7d';
    if (DEV_MODE && changed.has('tz') && this.tz && !isTimeZone(this.tz)) this.warn('invalid-time-zone', { tz: this.tz.slice(0, 80), used: readerTimeZone() });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('interval') && changed.get('interval') !== undefined) this.live.schedule();
    // The stream's URL follows the range, and its token the key (another creator, another platform: another stream).
    if (['range', 'from', 'to', 'tz', 'stream', 'apiKey', 'creator', 'api'].some((key) => changed.get(key as keyof VitrineStats) !== undefined)) this.live.restartStream();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.rollover);
    this.rollover = undefined;
  }

  /**
   * A preset's days move on at midnight in the range's time zone: then the
   * element loads the new day's numbers and opens a stream for the new range.
   * Without it, a dashboard whose stream stays quiet past midnight would still
   * show yesterday as "today". A hidden page waits: showing it again refreshes.
   */
  private scheduleRollover(range: ResolvedStatsRange | undefined): void {
    clearTimeout(this.rollover);
    this.rollover = undefined;
    if (!range || this.range === 'custom' || !this.isConnected) return;
    // A timer may not wait longer than 2³¹ − 1 ms; a little after the boundary, so that the new day has begun.
    const wait = Math.min(Date.parse(range.to) - Date.now() + 1_000, 2_147_483_647);
    this.rollover = setTimeout(() => {
      this.rollover = undefined;
      if (document.visibilityState === 'hidden') return;
      this.live.restartStream();
      void this.refresh();
    }, Math.max(wait, 1_000));
  }

  /** The stats on screen, once loaded: only ever the current creator's, for the range chosen. */
  get stats(): CreatorStats | undefined {
    const view = this.view;
    return view && view.stats.creatorId === this.currentCreator && view.rangeKey === this.rangeKey ? view.stats : undefined;
  }

  /** The time zone days start in: `tz` when it is an IANA zone, else the reader's. */
  private get timeZone(): string {
    return this.tz && isTimeZone(this.tz) ? this.tz : readerTimeZone();
  }

  /** What identifies the range chosen (not its instants: "today" stays "today" past midnight). */
  private get rangeKey(): string {
    return this.range === 'custom' ? `custom ${this.from} ${this.to} ${this.timeZone}` : `${this.range} ${this.timeZone}`;
  }

  /** The query of the range chosen, now; throws `invalid_input` for a custom range that cannot be asked for. */
  private resolveRange(): ResolvedStatsRange | undefined {
    return resolveStatsRange(this.range, { now: Date.now(), timeZone: this.timeZone, from: this.from, to: this.to });
  }

  /** Saves the stats on screen as a CSV file (exactly the API's numbers; see `statsCsv`). */
  downloadCsv(): void {
    const stats = this.stats;
    if (!stats) return;
    const url = URL.createObjectURL(new Blob([statsCsv(stats)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = csvFileName(stats.creatorId, this.view?.range);
    link.hidden = true;
    this.renderRoot.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** The reader picked a preset; `custom` starts from the days on screen. */
  private choose(range: StatsPreset): void {
    this.rangeError = '';
    if (range === 'custom' && !(isDay(this.from) && isDay(this.to))) ({ from: this.from, to: this.to } = this.defaultCustom());
    if (range === this.range) return;
    this.range = range;
    this.rangeChanged();
  }

  private rangeChanged(): void {
    this.dispatchEvent(new VitrineRangeChangeEvent({ range: this.range, from: this.from, to: this.to }));
  }

  /** The days a custom range starts with: the range on screen, else the last 7 days. */
  private defaultCustom(): { from: string; to: string } {
    const shown = this.view?.range ?? resolveStatsRange('7d', { now: Date.now(), timeZone: this.timeZone })!;
    return { from: shown.firstDay, to: shown.lastDay };
  }

  private applyCustom(event: Event): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    const from = value('from');
    const to = value('to');
    try {
      resolveStatsRange('custom', { now: Date.now(), timeZone: this.timeZone, from, to });
    } catch {
      this.rangeError = this.text('rangeInvalid');
      return;
    }
    this.rangeError = '';
    if (this.range === 'custom' && from === this.from && to === this.to) return;
    this.range = 'custom';
    this.from = from;
    this.to = to;
    this.rangeChanged();
  }

  private get currentCreator(): string {
    return this.creator || this.defaultCreator;
  }

  /** Loads the stats again now, and restarts the refresh period. */
  async refresh(): Promise<void> {
    this.live.schedule();
    await this.loader.run();
  }

  /** A string of the dashboard, in the element's locale: its own (./messages.ts) or a shared one. */
  private text(key: MessageKey | StatsMessageKey, params?: Record<string, string | number>): string {
    return isStatsKey(key) ? statsText(this.resolvedLocale, key, params) : this.msg(key, params);
  }

  private money(list: readonly Money[], locale: Locale) {
    // One line per currency; the spaces keep amounts apart in the text too.
    return list.length ? list.map((money) => html` <span class="money">${formatMoney(money, locale)}</span> `) : EMPTY;
  }

  private ctr(clicks: number, impressions: number, locale: Locale): string {
    const rate = clickThroughRate(clicks, impressions);
    return rate === undefined ? EMPTY : formatPercent(rate, locale);
  }

  private renderSkeleton() {
    return html`<div part="skeleton" class="content" aria-busy="true" aria-label=${this.text('loading')}>
      <div class="totals">${[0, 1, 2, 3, 4, 5, 6].map(() => html`<div class="total skeleton sk-h35"></div>`)}</div>
      <div class="skeleton sk-h12"></div>
    </div>`;
  }

  private renderPicker() {
    const custom = this.range === 'custom';
    return html`<fieldset part="range" class="range">
        <legend>${this.text('rangeLabel')}</legend>
        <div class="presets">
          ${STATS_PRESETS.map(
            (preset) => html`<label class="preset">
              <input type="radio" name="range" value=${preset} .checked=${this.range === preset} @change=${() => this.choose(preset)} />
              <span>${this.text(`range_${preset}`)}</span>
            </label>`,
          )}
        </div>
      </fieldset>
      ${custom
        ? html`<form part="custom-range" class="custom" @submit=${(event: Event) => this.applyCustom(event)}>
            <label>${this.text('rangeFrom')} <input type="date" name="from" required .value=${this.from} aria-describedby="range-error" /></label>
            <label>${this.text('rangeTo')} <input type="date" name="to" required .value=${this.to} aria-describedby="range-error" /></label>
            <button type="submit">${this.text('rangeApply')}</button>
          </form>`
        : nothing}
      <p part="range-error" id="range-error" class="range-error" role="alert">${this.rangeError}</p>`;
  }

  /** The traffic columns a recommendation row and a placement row share: impressions, clicks, CTR, orders, GMV. */
  private trafficCells(row: Pick<RecommendationStats, 'impressions' | 'clicks' | 'orders' | 'gmv'>, locale: Locale) {
    return html`<td>${formatCount(row.impressions, locale)}</td>
      <td>${formatCount(row.clicks, locale)}</td>
      <td>${this.ctr(row.clicks, row.impressions, locale)}</td>
      <td>${formatCount(row.orders, locale)}</td>
      <td>${this.money(row.gmv, locale)}</td>`;
  }

  private renderRow(row: RecommendationStats, locale: Locale) {
    return html`<tr part="row">
      <th scope="row">${row.title}</th>
      ${this.trafficCells(row, locale)}
      <td>${this.money(row.commissionPending, locale)}</td>
      <td>${this.money(row.commissionApproved, locale)}</td>
      <td>${row.commissionPaid ? this.money(row.commissionPaid, locale) : EMPTY}</td>
      <td>${row.commissionReversed ? this.money(row.commissionReversed, locale) : EMPTY}</td>
    </tr>`;
  }

  /** A scrollable, captioned breakdown table: one header per column key, `rows` or one "`empty`" row. */
  private renderTable(part: string, caption: string, columns: readonly (MessageKey | StatsMessageKey)[], rows: readonly unknown[], empty: MessageKey | StatsMessageKey) {
    const id = `${part}-caption`;
    return html`<div class="scroll" role="region" aria-labelledby=${id} tabindex="0">
      <table part=${part}>
        <caption id=${id}>${caption}</caption>
        <thead>
          <tr>
            ${columns.map((key) => html`<th scope="col">${this.text(key)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.length
            ? rows
            : html`<tr>
                <td colspan=${columns.length} class="empty">${this.text(empty)}</td>
              </tr>`}
        </tbody>
      </table>
    </div>`;
  }

  private renderPlacements(placements: readonly PlacementStats[], locale: Locale) {
    const columns = ['page', 'placement', 'impressions', 'clicks', 'ctr', 'orderCount', 'gmv', 'commission'] as const;
    const rows = placements.map(
      (row) => html`<tr part="placement-row">
        <th scope="row" class="page">${row.page || this.text('unknownPage')}</th>
        <td class="name">${row.placement || this.text('noPlacement')}</td>
        ${this.trafficCells(row, locale)}
        <td>${this.money(row.commission, locale)}</td>
      </tr>`,
    );
    return this.renderTable('placements', this.text('perPlacement'), columns, rows, 'noTraffic');
  }

  private renderFiltered(filtered: NonNullable<CreatorStats['filtered']>, locale: Locale) {
    // In the API's order; reasons with none are left out.
    const reasons = (Object.keys(filtered.byReason) as (keyof typeof filtered.byReason)[]).filter((reason) => (filtered.byReason[reason] ?? 0) > 0);
    return html`<div part="filtered" class="filtered">
      <p>${this.text('filteredTotal', { count: formatCount(filtered.total, locale) })}</p>
      ${reasons.length
        ? html`<ul>
            ${reasons.map((reason) => html`<li data-reason=${reason}><span>${this.text(`filtered_${reason}`)}</span> <span class="count">${formatCount(filtered.byReason[reason]!, locale)}</span></li>`)}
          </ul>`
        : nothing}
    </div>`;
  }

  private renderStats(stats: CreatorStats) {
    const locale = this.resolvedLocale;
    const totals = statsTotals(stats);
    const total = (label: string, value: unknown, money = false) =>
      html`<div part="total" class="total ${money ? 'is-money' : ''}">
        <dt>${label}</dt>
        <dd>${value}</dd>
      </div>`;
    const columns = ['recommendation', 'impressions', 'clicks', 'ctr', 'orderCount', 'gmv', 'commissionPending', 'commissionApproved', 'commissionPaid', 'commissionReversed'] as const;
    const range = stats.range;
    const chartOptions = range ? { bucket: range.bucket, timeZone: range.timeZone, locale, msg: (key: MessageKey | StatsMessageKey, params?: Record<string, string | number>) => this.text(key, params) } : undefined;
    return html`<div class="content">
      <p part="updated" class="updated">${this.text('updated', { time: formatDateTime(stats.generatedAt, locale) })}</p>
      <dl part="totals" class="totals">
        ${total(this.text('impressions'), formatCount(totals.impressions, locale))} ${total(this.text('clicks'), formatCount(totals.clicks, locale))}
        ${total(this.text('ctr'), this.ctr(totals.clicks, totals.impressions, locale))} ${total(this.text('orderCount'), formatCount(totals.orders, locale))}
        ${total(this.text('gmv'), this.money(totals.gmv, locale), true)}
        ${total(this.text('commissionPending'), this.money(totals.commissionPending, locale), true)}
        ${total(this.text('commissionApproved'), this.money(totals.commissionApproved, locale), true)}
        ${totals.commissionPaid ? total(this.text('commissionPaid'), this.money(totals.commissionPaid, locale), true) : nothing}
        ${totals.commissionReversed ? total(this.text('commissionReversed'), this.money(totals.commissionReversed, locale), true) : nothing}
      </dl>
      ${stats.filtered ? this.renderFiltered(stats.filtered, locale) : nothing}
      ${stats.series && chartOptions
        ? html`<h3 class="section">${this.text('trend')}</h3>
            ${renderSeriesCharts(stats.series, chartOptions)} ${renderSeriesTable(stats.series, chartOptions)}`
        : nothing}
      ${this.renderTable('table', this.text('perRecommendation'), columns, stats.recommendations.map((row) => this.renderRow(row, locale)), 'emptyShelf')}
      ${stats.placements ? this.renderPlacements(stats.placements, locale) : nothing}
      <p class="actions"><button part="export" type="button" @click=${() => this.downloadCsv()}>${this.text('exportCsv')}</button></p>
      ${this.loader.status === TaskStatus.ERROR
        ? html`<p part="notice" class="notice" role="status">
            <span>${this.text(this.keyRejected ? 'statsApiKey' : 'refreshFailed')}</span>
            <button type="button" @click=${() => this.refresh()}>${this.text('retry')}</button>
          </p>`
        : nothing}
    </div>`;
  }

  private errorMessage(error: unknown): string {
    if (this.keyRejected) return this.text('statsApiKey');
    if (isVitrineError(error, 'config')) return this.text('unavailable');
    if (this.range === 'custom' && isVitrineError(error, 'invalid_input') && !this.customValid()) return this.text('rangeInvalid');
    return isVitrineError(error, 'invalid_input') ? error.message : this.text('statsError');
  }

  private customValid(): boolean {
    try {
      resolveStatsRange('custom', { now: Date.now(), timeZone: this.timeZone, from: this.from, to: this.to });
      return true;
    } catch {
      return false;
    }
  }

  protected override render() {
    const stats = this.stats;
    const busy = this.loader.status === TaskStatus.PENDING;
    return html`<section part="stats" aria-labelledby="heading" aria-busy=${busy && !stats ? 'true' : 'false'}>
      <h2 id="heading">${this.text('stats')}</h2>
      ${this.renderPicker()}
      ${stats
        ? this.renderStats(stats)
        : this.loader.status === TaskStatus.ERROR
          ? this.renderError(this.errorMessage(this.loader.error), () => void this.refresh())
          : this.renderSkeleton()}
    </section>`;
  }
}
