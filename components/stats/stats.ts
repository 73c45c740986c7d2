import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isHttpError, isVitrineError, VitrineError } from '../../src/errors.js';
import { formatCount, formatDateTime, formatMoney, formatPercent, type Locale } from '../../src/i18n/index.js';
import { sumMoney as sumAll } from '../../src/internal/money.js';
import type { Money } from '../../src/model/money.js';
import type { CreatorStats, RecommendationStats } from '../../src/model/stats.js';
import { LiveController } from '../shared/live-controller.js';
import { baseStyles } from '../shared/styles.js';
import { VitrineElement } from '../shared/vitrine-element.js';
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
  };
}

const EMPTY = '—';

/**
 * @tagname vitrine-stats
 * @summary A creator's own dashboard: impressions, clicks, CTR, orders, GMV and
 * commission, in total and per recommendation, refreshed live.
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
 * @cssprop --vitrine-color-accent - Buttons.
 * @cssprop --vitrine-color-surface - Background.
 * @cssprop --vitrine-color-text - Text.
 * @cssprop --vitrine-color-muted - Labels.
 * @cssprop --vitrine-color-border - Borders and table rules.
 * @cssprop --vitrine-color-price - Money totals.
 * @cssprop --vitrine-color-focus - Focus ring.
 *
 * @fires {VitrineErrorEvent} vitrine-error - Loading or refreshing failed (the element shows its error state or notice).
 */
export class VitrineStats extends VitrineElement {
  static override styles = [baseStyles, statsStyles];

  private readonly loader = new Task(this, {
    args: () => [this.currentCreator, this.apiKey, this.api] as const,
    task: async ([creator, apiKey], { signal }) => {
      this.keyRejected = false;
      try {
        const client = this.vitrine;
        if (!creator) throw new VitrineError('invalid_input', 'Set the creator attribute (or <vitrine-root creator>).');
        if (apiKey.length < 16) {
          this.keyRejected = true;
          throw new VitrineError('config', 'Set the api-key attribute to the creator’s API key.');
        }
        return await client.creators.stats(creator, { apiKey, signal });
      } catch (error) {
        if (isVitrineError(error, 'aborted')) throw error;
        if (isHttpError(error) && (error.status === 401 || error.status === 403)) this.keyRejected = true;
        throw this.report(error, this.stats ? 'refresh-stats' : 'load-stats');
      }
    },
    onComplete: (stats) => (this.view = stats),
  });
  private readonly live = new LiveController(this, {
    interval: () => Math.max(2000, Number.isFinite(this.interval) ? this.interval : 10000),
    refresh: () => this.loader.run(),
    // Pushed by the platform (GET /v1/stream/stats with a short-lived token): polling only while the stream is down.
    stream: async () => (this.stream === false || this.apiKey.length < 16 ? null : this.vitrine.creators.statsStreamUrl({ apiKey: this.apiKey })),
    streamEvent: 'stats',
  });
  /** Whether the last failure was the API key's (missing, 401 or 403). */
  private keyRejected = false;

  /** The last stats loaded for the current creator and key; kept on screen when a refresh fails. */
  @state() private view: CreatorStats | undefined;

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

  protected override configurationChanged(): void {
    void this.refresh();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Numbers read with another key or from another platform must not stay on screen.
    if (changed.get('apiKey') !== undefined || changed.get('api') !== undefined) this.view = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('interval') && changed.get('interval') !== undefined) this.live.schedule();
  }

  /** The stats on screen, once loaded: only ever the current creator's. */
  get stats(): CreatorStats | undefined {
    return this.view?.creatorId === this.currentCreator ? this.view : undefined;
  }

  private get currentCreator(): string {
    return this.creator || this.defaultCreator;
  }

  /** Loads the stats again now, and restarts the refresh period. */
  async refresh(): Promise<void> {
    this.live.schedule();
    await this.loader.run();
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
    return html`<section part="stats skeleton" aria-busy="true" aria-label=${this.msg('loading')}>
      <div class="totals">${[0, 1, 2, 3, 4, 5, 6].map(() => html`<div class="total skeleton sk-h35"></div>`)}</div>
      <div class="skeleton sk-h12"></div>
    </section>`;
  }

  private renderRow(row: RecommendationStats, locale: Locale) {
    return html`<tr part="row">
      <th scope="row">${row.title}</th>
      <td>${formatCount(row.impressions, locale)}</td>
      <td>${formatCount(row.clicks, locale)}</td>
      <td>${this.ctr(row.clicks, row.impressions, locale)}</td>
      <td>${formatCount(row.orders, locale)}</td>
      <td>${this.money(row.gmv, locale)}</td>
      <td>${this.money(row.commissionPending, locale)}</td>
      <td>${this.money(row.commissionApproved, locale)}</td>
    </tr>`;
  }

  private renderStats(stats: CreatorStats) {
    const locale = this.resolvedLocale;
    const totals = statsTotals(stats);
    const total = (label: string, value: unknown, money = false) =>
      html`<div part="total" class="total ${money ? 'is-money' : ''}">
        <dt>${label}</dt>
        <dd>${value}</dd>
      </div>`;
    const columns = ['recommendation', 'impressions', 'clicks', 'ctr', 'orderCount', 'gmv', 'commissionPending', 'commissionApproved'] as const;
    return html`<section part="stats" aria-labelledby="heading">
      <h2 id="heading">${this.msg('stats')}</h2>
      <p part="updated" class="updated">${this.msg('updated', { time: formatDateTime(stats.generatedAt, locale) })}</p>
      <dl part="totals" class="totals">
        ${total(this.msg('impressions'), formatCount(totals.impressions, locale))} ${total(this.msg('clicks'), formatCount(totals.clicks, locale))}
        ${total(this.msg('ctr'), this.ctr(totals.clicks, totals.impressions, locale))} ${total(this.msg('orderCount'), formatCount(totals.orders, locale))}
        ${total(this.msg('gmv'), this.money(totals.gmv, locale), true)}
        ${total(this.msg('commissionPending'), this.money(totals.commissionPending, locale), true)}
        ${total(this.msg('commissionApproved'), this.money(totals.commissionApproved, locale), true)}
      </dl>
      <div class="scroll" role="region" aria-labelledby="caption" tabindex="0">
        <table part="table">
          <caption id="caption">${this.msg('perRecommendation')}</caption>
          <thead>
            <tr>
              ${columns.map((key) => html`<th scope="col">${this.msg(key)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${stats.recommendations.length
              ? stats.recommendations.map((row) => this.renderRow(row, locale))
              : html`<tr>
                  <td colspan=${columns.length} class="empty">${this.msg('emptyShelf')}</td>
                </tr>`}
          </tbody>
        </table>
      </div>
      ${this.loader.status === TaskStatus.ERROR
        ? html`<p part="notice" class="notice" role="status">
            <span>${this.msg(this.keyRejected ? 'statsApiKey' : 'refreshFailed')}</span>
            <button type="button" @click=${() => this.refresh()}>${this.msg('retry')}</button>
          </p>`
        : nothing}
    </section>`;
  }

  private errorMessage(error: unknown): string {
    if (this.keyRejected) return this.msg('statsApiKey');
    if (isVitrineError(error, 'config')) return this.msg('unavailable');
    return isVitrineError(error, 'invalid_input') ? error.message : this.msg('statsError');
  }

  protected override render() {
    const stats = this.stats;
    if (stats) return this.renderStats(stats);
    return this.loader.status === TaskStatus.ERROR
      ? this.renderError(this.errorMessage(this.loader.error), () => void this.refresh())
      : this.renderSkeleton();
  }
}
