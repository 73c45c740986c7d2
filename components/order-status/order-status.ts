import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isVitrineError } from '../../src/errors.js';
import { formatDateTime, formatMoney } from '../../src/i18n/index.js';
import type { ClickLog } from '../../src/attribution/touches.js';
import type { Order, OrderStatus } from '../../src/model/order.js';
import { baseStyles } from '../shared/styles.js';
import { VitrineElement } from '../shared/vitrine-element.js';
import { LiveController } from '../shared/live-controller.js';
import { orderStatusStyles } from './order-status.styles.js';

/** The happy path every order follows unless it is cancelled or refunded. */
const HAPPY_PATH: readonly OrderStatus[] = ['placed', 'paid', 'shipped', 'delivered'];

/** One step of an order's timeline, as `<vitrine-order-status>` renders it. */
export interface TimelineStep {
  status: OrderStatus;
  /** When the order reached this step (ISO 8601), if the timeline says. */
  at: string | undefined;
  state: 'done' | 'current' | 'upcoming';
}

/**
 * The steps to show for `order`: placed → paid → shipped → delivered, reached
 * ones `done`, the order's status `current`. A cancelled or refunded order shows
 * the steps it reached, then its terminal state as `current`, and no further steps.
 */
export function timelineSteps(order: Order): TimelineStep[] {
  const at = (status: OrderStatus) => order.timeline.find((event) => event.status === status)?.at;
  const terminal = !HAPPY_PATH.includes(order.status);
  const reached = terminal ? Math.max(-1, ...order.timeline.map((event) => HAPPY_PATH.indexOf(event.status))) : HAPPY_PATH.indexOf(order.status);
  const steps: TimelineStep[] = HAPPY_PATH.slice(0, terminal ? reached + 1 : undefined).map((status, index) => ({
    status,
    at: index <= reached ? at(status) : undefined,
    state: index < reached || (terminal && index === reached) ? 'done' : index === reached ? 'current' : 'upcoming',
  }));
  if (terminal) steps.push({ status: order.status, at: at(order.status), state: 'current' });
  return steps;
}

interface OrdersView {
  orders: Order[];
  /** Partner id → display name. */
  partners: Map<string, string>;
}

const placedAt = (order: Order) => order.timeline[0]?.at ?? '';

/**
 * @tagname vitrine-order-status
 * @summary The shopper's orders attributed to this browser's clicks, with a live
 * status timeline (placed → paid → shipped → delivered, or cancelled / refunded).
 *
 * Looks the orders up by the click ids this browser remembers (the click id is
 * the capability; nothing identifies the shopper). Updates are pushed by the
 * platform (Server-Sent Events, `GET /v1/stream/orders`) while connected and
 * while the page is visible, and the stream follows new clicks (in this page
 * or another tab); while the stream is down (or with `stream="false"`)
 * it refreshes every `interval` ms instead. Status changes are
 * announced politely to assistive technology. A failed background refresh keeps
 * the last orders on screen with a small notice.
 *
 * @csspart orders - The list of orders.
 * @csspart order - One order (`<article>`).
 * @csspart status - The order's current status.
 * @csspart total - The order total.
 * @csspart timeline - The ordered list of steps.
 * @csspart step - One timeline step; `data-state` is `done`, `current` or `upcoming`, `data-status` the order status.
 * @csspart empty - The "no orders yet" message.
 * @csspart notice - The notice shown when a background refresh failed.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error state.
 * @csspart retry - The retry button in the error state.
 *
 * @cssprop --vitrine-order-step-color - Marker colour of reached steps. Default: the accent colour.
 * @cssprop --vitrine-radius - Corner radius. Default `12px`.
 * @cssprop --vitrine-space - Base spacing. Default `12px`.
 * @cssprop --vitrine-font - Font stack.
 * @cssprop --vitrine-color-accent - Reached steps, buttons.
 * @cssprop --vitrine-color-surface - Background.
 * @cssprop --vitrine-color-text - Text.
 * @cssprop --vitrine-color-muted - Secondary text, upcoming steps.
 * @cssprop --vitrine-color-border - Borders.
 * @cssprop --vitrine-color-price - The order total.
 * @cssprop --vitrine-color-focus - Focus ring.
 *
 * @fires {VitrineErrorEvent} vitrine-error - Loading or refreshing failed (the element shows its error state or notice).
 */
export class VitrineOrderStatus extends VitrineElement {
  static override styles = [baseStyles, orderStatusStyles];

  private readonly loader = new Task(this, {
    args: () => [this.api] as const,
    task: async (_args, { signal }): Promise<OrdersView> => {
      try {
        const orders = await this.vitrine.myOrders({ signal, onInvalidItem: (error) => this.reportOnce(error, 'load-orders') });
        const partners = new Map<string, string>();
        if (orders.length) {
          // The partner registry is cached by the client; an order still shows without it.
          const registry = await this.vitrine.partners.list({ signal }).catch(() => []);
          for (const partner of registry) partners.set(partner.id, partner.name);
        }
        return { orders: [...orders].sort((a, b) => placedAt(b).localeCompare(placedAt(a))), partners };
      } catch (error) {
        if (isVitrineError(error, 'aborted')) throw error;
        throw this.report(error, this.view ? 'refresh-orders' : 'load-orders');
      }
    },
    onComplete: (view) => this.show(view),
    onError: () => {
      if (this.view && !this.failing) this.announcement = this.msg('refreshFailed');
      this.failing = true;
    },
  });
  private readonly live = new LiveController(this, {
    interval: () => Math.max(5000, Number.isFinite(this.interval) ? this.interval : 15000),
    refresh: () => this.loader.run(),
    // Pushed by the platform (GET /v1/stream/orders): a change shows within a second; polling only while the stream is down.
    stream: async () => {
      if (this.stream === false) return null;
      const { clicks, orders } = this.vitrine;
      this.watchClicks(clicks);
      return orders.streamUrl(clicks.list());
    },
    streamEvent: 'orders',
  });

  /** The click log the open stream's click ids came from, and how to stop following it. */
  private watched: { clicks: ClickLog; stop: () => void } | undefined;

  /** The last orders loaded successfully; kept on screen when a refresh fails. */
  @state() private view: OrdersView | undefined;
  /** Whether the last refresh failed (so that a failure streak is announced once). */
  private failing = false;
  /** Text of the polite live region. */
  @state() private announcement = '';

  /** Refresh period in ms while the page is visible and no stream is open. Default 15000; at least 5000. */
  @property({ type: Number }) interval = 15000;

  /** Push updates through the platform's stream (default `true`); `false` (attribute `stream="false"`): poll every `interval` ms only. */
  @property({ converter: (value) => value !== 'false' }) stream = true;

  protected override configurationChanged(): void {
    void this.refresh();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Orders from another platform must not stay on screen.
    if (changed.get('api') !== undefined) this.view = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('interval') && changed.get('interval') !== undefined) this.live.schedule();
    if (changed.has('stream') && changed.get('stream') !== undefined) this.live.restartStream();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watched?.stop();
    this.watched = undefined;
  }

  /**
   * Follows `clicks` (the log the stream's URL is made from): a click recorded
   * in this page or another tab reopens the stream with the new click id, so
   * the order it leads to is pushed too (before, it waited for the stream to
   * reopen by itself: the tab hidden and shown again).
   */
  private watchClicks(clicks: ClickLog): void {
    if (this.watched?.clicks === clicks) return;
    this.watched?.stop();
    this.watched = { clicks, stop: clicks.subscribe(() => this.live.restartStream()) };
  }

  /** The orders on screen, newest first, once loaded. */
  get orders(): Order[] | undefined {
    return this.view?.orders;
  }

  private show(view: OrdersView): void {
    const before = this.view && new Map(this.view.orders.map((order) => [order.id, order.status]));
    this.view = view;
    this.failing = false;
    if (!before) return;
    const changes = view.orders
      .filter((order) => before.get(order.id) !== order.status)
      .map((order) => this.msg('orderStatusChanged', { id: order.partnerOrderId, status: this.msg(`status_${order.status}`) }));
    if (changes.length) this.announcement = changes.join('. ');
  }

  /** Looks the orders up again now, and restarts the refresh period. */
  async refresh(): Promise<void> {
    this.live.schedule();
    await this.loader.run();
  }

  private renderSkeleton() {
    return html`<div part="orders skeleton" class="orders" aria-busy="true" aria-label=${this.msg('loading')}>
      ${[0, 1].map(
        () => html`<div class="order">
          <div class="skeleton sk-h125 sk-w60"></div>
          <div class="skeleton sk-h1 sk-w80"></div>
          <div class="skeleton sk-h1 sk-w30"></div>
          <div class="skeleton sk-h25"></div>
        </div>`,
      )}
    </div>`;
  }

  private renderStep(step: TimelineStep) {
    const locale = this.resolvedLocale;
    return html`<li part="step" data-state=${step.state} data-status=${step.status} aria-current=${step.state === 'current' ? 'step' : nothing}>
      <span class="marker" aria-hidden="true"></span>
      <span class="label">${this.msg(`status_${step.status}`)}</span>
      ${step.at
        ? html`<time datetime=${step.at}>${formatDateTime(step.at, locale)}</time>`
        : step.state === 'upcoming'
          ? html`<span class="visually-hidden">${this.msg('stepUpcoming')}</span>`
          : nothing}
    </li>`;
  }

  private renderOrder(order: Order, partners: Map<string, string>, index: number) {
    const locale = this.resolvedLocale;
    return html`<li>
      <article part="order" class="order" aria-labelledby="order-${index}" data-status=${order.status}>
        <header>
          <h3 id="order-${index}">
            <span class="partner">${partners.get(order.partnerId) ?? order.partnerId}</span>
            <span class="number">${this.msg('orderNumber', { id: order.partnerOrderId })}</span>
          </h3>
          <span part="status" class="status" data-status=${order.status}>${this.msg(`status_${order.status}`)}</span>
        </header>
        <ul class="lines" role="list">
          ${order.lines.map(
            (line) => html`<li>
              <span class="title">${line.title} × ${line.quantity}</span>
              <span class="amount">${formatMoney(line.amount, locale)}</span>
            </li>`,
          )}
        </ul>
        <p part="total" class="total"><span>${this.msg('total')}</span> <span class="amount">${formatMoney(order.total, locale)}</span></p>
        <ol part="timeline" class="timeline" role="list" aria-label=${this.msg('orderProgress')}>
          ${timelineSteps(order).map((step) => this.renderStep(step))}
        </ol>
      </article>
    </li>`;
  }

  private renderOrders({ orders, partners }: OrdersView) {
    const failed = this.loader.status === TaskStatus.ERROR;
    return html`${orders.length
      ? html`<ul part="orders" class="orders" role="list">${orders.map((order, index) => this.renderOrder(order, partners, index))}</ul>`
      : html`<p part="empty" class="empty">${this.msg('ordersEmpty')}</p>`}
    ${failed
      ? html`<p part="notice" class="notice">
          <span>${this.msg('refreshFailed')}</span>
          <button type="button" @click=${() => this.refresh()}>${this.msg('retry')}</button>
        </p>`
      : nothing}`;
  }

  protected override render() {
    const view = this.view;
    const error = this.loader.error;
    return html`<section aria-labelledby="heading">
      <h2 id="heading">${this.msg('orders')}</h2>
      ${view
        ? this.renderOrders(view)
        : this.loader.status === TaskStatus.ERROR
          ? this.renderFailure(error, () => void this.refresh(), { failed: 'ordersError' })
          : this.renderSkeleton()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}
