import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { isBuyable, isPriceStale, partnerFor, type FeaturedOffer } from '../../src/client/offers.js';
import { favouriteFor } from '../../src/cart/favourites.js';
import { isVitrineError, VitrineError } from '../../src/errors.js';
import { formatDay } from '../../src/i18n/index.js';
import { DEV_MODE } from '../../src/internal/dev.js';
import type { CardPayload } from '../../src/model/recommendation.js';
import { VitrineOpenEvent } from '../events/vitrine-open.js';
import { CartController } from '../shared/cart-controller.js';
import { ClampController } from '../shared/clamp-controller.js';
import { renderIcon, renderImage } from '../shared/image.js';
import { OfferController } from '../shared/offer-controller.js';
import { renderPicks } from '../shared/picks.js';
import { priceStyles, renderOfferPrice } from '../shared/price.js';
import { ABOUT_TO_SHOW_MARGIN, whenNearViewport } from '../shared/near-viewport.js';
import { inTimeSlice } from '../shared/time-slice.js';
import { requireElement } from '../shared/require-element.js';
import { baseStyles } from '../shared/styles.js';
import { VitrineElement } from '../shared/vitrine-element.js';
import { CARD_SHEET_EXPORTPARTS } from '../shared/parts.js';
import { ViewabilityController } from '../shared/viewability.js';
import { cardStyles } from './card.styles.js';

/** The card's layouts. */
export const CARD_LAYOUTS = ['compact', 'full', 'tile'] as const;
export type CardLayout = (typeof CARD_LAYOUTS)[number];

/**
 * @tagname vitrine-card
 * @summary A shoppable product card: a creator's recommendation of a product,
 * bought at an allow-listed partner shop.
 *
 * Loads its data by recommendation id (`rec`) — every card on a page shares one
 * batched request — or takes it directly through the `card` property. Activating
 * the image or title opens the buy sheet. A card that fails shows its own calm,
 * localized state (with a retry button when retrying can help) and never
 * affects the page or other cards; the development build also logs what went
 * wrong, with a code and a docs link.
 *
 * Three layouts: `compact` (image beside the text, the default), `full` (large
 * image, longer reason) and `tile` (image first, for grids and shelves: square
 * image, two-line title, price, one buy button). Every button is one line at
 * every width from 280 px and in every locale: the buy button says "Buy" in
 * the locale with the shop's name beside it, truncated when long (the full
 * name is its accessible name and tooltip). The reason is clamped to a number
 * of lines, and "read more" appears exactly when the clamp hides something
 * (measured, not counted).
 *
 * Live offers: the buy button sells at the creator's shop (the link they
 * published) while it is in stock; a sold-out offer is never the buy button:
 * the best in-stock offer of an allow-listed shop takes its place (the click
 * records the swap), and when none is left the card shows a sold-out state
 * with the creator's other picks. A price snapshot older than its partner's
 * freshness window says so. Only https links on a partner's allow-listed
 * hosts are rendered; image `src` / `srcset` are rebuilt from checked URLs;
 * long unbreakable strings wrap inside the card instead of widening it.
 *
 * The favourite button keeps the recommendation (and so the creator) in this
 * browser's favourites, with the price and stock when saved.
 *
 * Analytics: an impression is counted once the card, loaded, has been at least
 * 50 % visible for 1 s without interruption (scrolling it below half visible
 * or hiding the tab resets the wait; a prerendered page waits for activation),
 * once per recommendation. Impressions, clicks and add-to-cart events carry the
 * page (origin + path, never the query or fragment) and the `placement`
 * attribute, for the creator's per-placement breakdown.
 *
 * @csspart card - The card frame (`<article>`).
 * @csspart image - The product image.
 * @csspart title - The product title (a button that opens the buy sheet).
 * @csspart reason - The creator's recommendation reason (not in `tile`).
 * @csspart more - The "read more" / "show less" button of a clamped reason.
 * @csspart creator - Creator avatar, name and verified badge (not in `tile`).
 * @csspart verified - The verified-creator badge.
 * @csspart favourite - The favourite toggle (`aria-pressed`).
 * @csspart price - The current price.
 * @csspart list-price - The struck-through list price.
 * @csspart stock - The stock state, in the status line.
 * @csspart status - The one-line offer status: a stale price's notice or the swap from the creator's sold-out shop, and the stock state.
 * @csspart partner - The partner shop's name, beside "Buy" in the buy button.
 * @csspart disclosure - The advertising / commission disclosure label. Always shown when the creator earns commission.
 * @csspart buy - The buy link to the partner shop (a disabled "Sold out" when nothing can be bought; in `tile`, "See other picks", opening the buy sheet).
 * @csspart add-to-cart - The add-to-cart button (not in `tile`; icon only on narrow cards, labelled).
 * @csspart sold-out - The "Sold out" badge on the image.
 * @csspart picks - The creator's other picks, shown when the product is sold out everywhere.
 * @csspart pick - One of the other picks (a button opening its buy sheet).
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error state.
 * @csspart retry - The retry button in the error state.
 *
 * @exportparts sheet- vitrine-buy-sheet - The parts of the buy sheet the card opens, prefixed `sheet-`: `vitrine-card::part(sheet-title)`.
 *
 * @dependency vitrine-buy-sheet
 *
 * @cssprop --vitrine-card-image-size - Image width in the compact layout. Default `96px`.
 * @cssprop --vitrine-card-max-width - Maximum card width. Default `560px` (`tile`: none, it fills its grid cell).
 * @cssprop --vitrine-card-reason-lines - Lines of reason shown before "read more". Default `2` (`full`: `4`).
 * @cssprop --vitrine-radius - Corner radius. Default `12px`.
 * @cssprop --vitrine-space - Base spacing. Default `12px`.
 * @cssprop --vitrine-font - Font stack.
 * @cssprop --vitrine-color-accent - Buttons and links.
 * @cssprop --vitrine-color-on-accent - Text on accent.
 * @cssprop --vitrine-color-surface - Background.
 * @cssprop --vitrine-color-text - Text.
 * @cssprop --vitrine-color-muted - Secondary text.
 * @cssprop --vitrine-color-border - Borders.
 * @cssprop --vitrine-color-price - Prices.
 * @cssprop --vitrine-color-focus - Focus ring.
 *
 * @fires {VitrineOpenEvent} vitrine-open - The card (or one of the creator's other picks) was activated; cancel it to replace the buy sheet.
 * @fires {VitrineClickEvent} vitrine-click - The shopper follows the buy link; cancel it to stop navigation. `detail.swappedFrom` names a sold-out shop replaced by this one.
 * @fires {VitrineAddToCartEvent} vitrine-add-to-cart - Before adding to the cart; cancel it to keep the cart unchanged.
 * @fires {VitrineErrorEvent} vitrine-error - Loading or an action failed; the card shows its error state.
 */
export class VitrineCard extends VitrineElement {
  static override styles = [baseStyles, priceStyles, cardStyles];

  /**
   * Fetches the card when it is neither given (`card`) nor already loaded (see
   * {@link ready}), once the card comes near the viewport: run by
   * {@link load}, never automatically, so that a card whose data is at hand
   * renders once, without a loading state first.
   */
  private readonly loader = new Task(this, {
    autoRun: false,
    args: () => [this.rec, this.product, this.creator] as const,
    task: async ([rec, product, creator], { signal }) => {
      if (!rec && !(product && creator)) {
        // A framework may set `card` right after connecting the element: warn only if it is still missing a task later.
        setTimeout(() => {
          if (this.isConnected && !this.rec && !this.card && !(this.product && this.creator)) this.warn('missing-rec');
        });
        throw this.report(new VitrineError('invalid_input', 'Set the rec attribute (a recommendation id), product and creator, or the card property.'), 'load-card');
      }
      try {
        return rec ? await this.vitrine.cards.get(rec, { signal }) : await this.vitrine.showcase.find(creator, product, { signal });
      } catch (error) {
        if (isVitrineError(error, 'aborted')) throw error;
        this.warnAbout(error, rec ? { code: 'unknown-rec', params: { id: rec } } : { code: 'unknown-product', params: { product, creator } });
        throw this.report(error, 'load-card');
      }
    },
  });
  /** Buy link (the featured offer with a safe link), add to cart, fresh click ids. */
  private readonly offers = new OfferController(this, {
    client: () => this.vitrine,
    report: (error, action) => this.report(error, action),
    redirect: () => this.redirect,
    placement: () => this.placement || undefined,
  });
  /** The favourites (and cart) this card's heart reflects, live across cards and tabs. */
  private readonly cart = new CartController(this, {
    resolve: () => this.vitrine,
    // The loader reports configuration errors; the heart just stays off.
    report: (error) => (isVitrineError(error) ? error : new VitrineError('config', String(error))),
  });
  /** Whether the clamped reason hides text ("read more" appears exactly then). */
  private readonly clamp = new ClampController(this, () => this.reasonElement);
  /**
   * The creator's other picks, loaded only when the product is sold out
   * everywhere, and only once the card is about to be seen
   * (`ABOUT_TO_SHOW_MARGIN`): the cards near the viewport share one request.
   */
  private readonly picks = new Task(this, {
    args: () => [this.ready, this.picksWanted() && this.aboutToShow] as const,
    task: async ([card, wanted]) => {
      if (!card || !wanted) return [];
      return this.vitrine.showcase.picks(card.creator.id, { exclude: card.recommendation.id, limit: 3 });
    },
  });
  private stopWaiting: (() => void) | undefined;
  private stopWaitingToShow: (() => void) | undefined;
  /** The inputs (rec, product, creator) the loader last ran for. */
  private loadedFor: string | undefined;

  /** Set once the card comes within `NEAR_VIEWPORT_MARGIN` of the viewport: cards far below the fold are fetched as the reader approaches. */
  @state() private near = false;
  /** Set once the card comes within `ABOUT_TO_SHOW_MARGIN` of the viewport (watched only for a card that wants its picks). */
  @state() private aboutToShow = false;

  @query('.reason') private reasonElement!: HTMLElement | null;
  @state() private expanded = false;
  @state() private sheetRequested = false;
  @state() private announcement = '';

  /** Recommendation id to load, e.g. `rec-123`. */
  @property({ reflect: true }) rec = '';

  /**
   * With `creator` and no `rec`: show this creator's recommendation of this
   * product (found in the creator's showcase). `rec` is faster: prefer it.
   */
  @property({ reflect: true }) product = '';

  /** With `product` and no `rec`: the creator whose recommendation to show. */
  @property({ reflect: true }) creator = '';

  /**
   * `compact` (image beside the text, the default), `full` (large image, longer
   * reason) or `tile` (image first, for grids: square image, two-line title,
   * price and one buy button; the reason is in the buy sheet).
   */
  @property({ reflect: true }) layout: CardLayout = 'compact';

  /**
   * The outline level of the product title (1–6, default 3), so the card fits the
   * page's heading structure: use 2 under an `<h1>`, 4 under an `<h3>`, and so on.
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel = 3;

  /**
   * The card data, for integrators who already have it; when set, nothing is
   * fetched and the card renders at once (no loading state), which is what
   * server rendering and hydration need.
   */
  @property({ attribute: false }) card: CardPayload | undefined;

  /**
   * The platform's public base URL (e.g. `https://vitrine.example`) for buy
   * links through its `/go/` redirect, which records the click on the server
   * and answers 302 to the decorated partner link: for server-rendered pages
   * and readers without JavaScript. Unset (default): the decorated partner
   * link, with the click recorded by the browser.
   */
  @property({ reflect: true }) redirect = '';

  /**
   * Where on the page the card is (e.g. `sidebar`, `post-footer`), for the
   * creator's per-placement stats: 1–64 characters of `[A-Za-z0-9_.:-]`. Sent
   * with the card's impression, click and add-to-cart events; an invalid
   * value is not sent (the development build warns, code `invalid-placement`).
   */
  @property({ reflect: true }) placement = '';

  constructor() {
    super();
    // A viewable impression: at least 50 % visible for 1 s, once per recommendation (the controller lives as long as the card).
    new ViewabilityController(this, { key: () => this.ready?.recommendation.id, viewable: () => this.reportImpression() });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.near) {
      this.stopWaiting = whenNearViewport(this, () => {
        this.stopWaiting = undefined;
        this.near = true;
        // Now, not at the next render (which may wait for a time slice): the cards that come near together share one batch.
        this.load();
      });
    }
    this.watchAboutToShow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWaiting?.();
    this.stopWaiting = undefined;
    this.stopWaitingToShow?.();
    this.stopWaitingToShow = undefined;
  }

  protected override configurationChanged(): void {
    this.requestUpdate();
    if (!this.card) this.load(true);
  }

  protected override hydrated(): void {
    // The server's links carry no click id: give each its own, the browser's.
    if (this.offers.card) this.offers.prepare(this.offers.card);
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    // vitrine.css sizes a card that is defined but not rendered yet (its first render waits for a time slice)
    // as it sizes an undefined one: `vitrine-card:not(:state(rendered))`. Where custom states are missing, nothing.
    try {
      (this.internals ??= this.attachInternals()).states.add('rendered');
    } catch {
      // no ElementInternals or CustomStateSet (an old browser, a DOM shim): the box is the card's own from here
    }
  }
  private internals: ElementInternals | undefined;

  /** The first render waits for a free time slice: a page of 1,000 cards never blocks in one long task. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (this.hasUpdated) return super.scheduleUpdate();
    return inTimeSlice(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('layout') && !(CARD_LAYOUTS as readonly string[]).includes(this.layout)) this.layout = 'compact';
    // The client leaves an invalid placement out of the events; the development build says why.
    // (PLACEMENT_PATTERN's rule, written here so that production builds, where this branch is dropped, import nothing.)
    if (DEV_MODE && changed.has('placement') && this.placement && !/^[\w.:-]{1,64}$/.test(this.placement)) this.warn('invalid-placement', { placement: this.placement.slice(0, 80) });
    const inputs = changed as Map<PropertyKey, unknown>; // `near` is private state
    if (['rec', 'product', 'creator', 'card', 'near'].some((key) => inputs.has(key))) this.load();
    const ready = this.ready;
    // Data at hand renders in this very update (also on a server, where tasks do not run).
    if (ready && (ready !== this.offers.card || inputs.has('redirect'))) this.offers.prepare(ready);
    this.watchAboutToShow();
  }

  /** For a card that wants its picks: waits until it is about to be seen (once; again after a move in the page). */
  private watchAboutToShow(): void {
    if (this.aboutToShow || this.stopWaitingToShow || !this.isConnected || !this.picksWanted()) return;
    const stop = whenNearViewport(
      this,
      () => {
        this.stopWaitingToShow = undefined;
        this.aboutToShow = true;
      },
      ABOUT_TO_SHOW_MARGIN,
    );
    if (!this.aboutToShow) this.stopWaitingToShow = stop;
  }

  /** Whether the card shows the creator's other picks: its product is sold out everywhere, in a layout with room for them. */
  private picksWanted(): boolean {
    return this.offers.featured()?.soldOut === true && this.layout !== 'tile';
  }

  /** Starts the fetch when the card is needed and not at hand (`force`: again, e.g. after `configure()`). */
  private load(force = false): void {
    if (this.card || (!force && this.cached())) return;
    const args = [this.rec, this.product, this.creator] as const;
    const key = args.join('\n');
    if (!force && key === this.loadedFor) return; // asked for already: pending, shown or failed
    // An invalid configuration is reported at once; a card far below the fold waits.
    if (!this.near && this.configured(args)) return;
    this.loadedFor = key;
    void this.loader.run(args);
  }

  /** Whether the card can be fetched: it names a card, and a client is configured. */
  private configured([rec, product, creator]: readonly [string, string, string]): boolean {
    if (!rec && !(product && creator)) return false;
    try {
      return Boolean(this.vitrine);
    } catch {
      return false; // a `config` error: the loader reports it
    }
  }

  /** The card of `rec` if the client already holds it (the script tag asked for it before this code arrived). */
  private cached(): CardPayload | undefined {
    if (!this.rec) return undefined;
    try {
      return this.vitrine.cards.peek(this.rec);
    } catch {
      return undefined; // no client: the loader shows the configuration error
    }
  }

  /** The card to show now: given, loaded by this element, or at hand in the cache. */
  private get ready(): CardPayload | undefined {
    if (this.card) return this.card;
    const loaded = this.loader.status === TaskStatus.COMPLETE ? this.loader.value : undefined;
    return loaded ?? this.cached();
  }

  /** The loaded card data, once available. */
  get data(): CardPayload | undefined {
    return this.ready;
  }

  /** Reloads the card (after an error, or to refresh prices). */
  reload(): void {
    if (this.card) return;
    if (this.rec) this.vitrine.cards.invalidate(this.rec);
    this.load(true);
  }

  /**
   * Opens the buy sheet (fires a cancelable `vitrine-open` first) for this card,
   * or for `other`, one of the creator's other picks. With the script tag, the
   * sheet's code is loaded on the first open.
   */
  async open(other?: CardPayload): Promise<void> {
    const card = other ?? this.ready;
    if (!card || !this.dispatchEvent(new VitrineOpenEvent({ card }))) return;
    if (!(await requireElement('vitrine-buy-sheet'))) return;
    this.sheetRequested = true;
    await this.updateComplete;
    const sheet = this.renderRoot.querySelector('vitrine-buy-sheet') as (HTMLElement & { card?: CardPayload; show?: () => void }) | null;
    if (sheet) {
      sheet.card = card;
      sheet.show?.();
    }
  }

  private reportImpression(): void {
    const card = this.ready;
    if (!card) return;
    try {
      this.vitrine.trackImpression(card, { placement: this.placement || undefined });
    } catch (error) {
      this.report(error, 'impression');
    }
  }

  private async toggleFavourite(card: CardPayload, featured: FeaturedOffer): Promise<void> {
    try {
      const store = this.cart.store ?? (await this.vitrine.loadCart());
      const saved = store.toggleFavourite(favouriteFor(card, featured));
      this.announcement = saved ? this.msg('favouriteSaved') : this.msg('cartFavouriteRemoved', { title: card.product.title });
    } catch (error) {
      this.report(error, 'favourite');
    }
  }

  private toggleReason(): void {
    this.expanded = !this.expanded;
  }

  private renderSkeleton() {
    const tile = this.layout === 'tile';
    // Far below the fold the skeleton keeps still: hundreds of pulsing boxes cost the page frames it never shows.
    return html`<article part="card skeleton" class="card ${this.near ? '' : 'still'}" aria-busy="true" aria-label=${this.msg('loading')}>
      <div class="media skeleton"></div>
      <div class="body">
        ${tile ? nothing : html`<div class="top"><div class="skeleton sk-w30 sk-h1"></div></div>`}
        <div class="skeleton title-box"></div>
        ${tile ? nothing : html`<div class="skeleton reason-box"></div><div class="skeleton sk-w40 creator-box"></div>`}
        <div class="skeleton sk-w40 price-box"></div>
        <div class="skeleton sk-w60 status-box"></div>
      </div>
      <div class="actions"><div class="skeleton sk-button"></div></div>
    </article>`;
  }

  /**
   * The one-line status under the price, most important first (it is cut with
   * an ellipsis on narrow cards; the whole line is its tooltip): a stale
   * price's notice, then the stock state; or the swap from the creator's
   * sold-out shop; or "sold out (everywhere)".
   */
  private statusParts(card: CardPayload, featured: FeaturedOffer): { notice?: string | undefined; stock?: string | undefined } {
    const { offer, swappedFrom, soldOut } = featured;
    const partner = partnerFor(card, offer);
    if (soldOut) return { stock: this.msg(card.product.offers.length > 1 ? 'soldOutEverywhere' : 'soldOut') };
    if (swappedFrom) return { notice: this.msg('swapped', { to: partner?.name ?? offer.partnerId }) };
    const stale = offer.priceAt && isPriceStale(offer, partner) ? this.msg('priceStale', { date: formatDay(offer.priceAt, this.resolvedLocale) }) : undefined;
    return { notice: stale, stock: this.msg(`stock_${offer.stock}`) };
  }

  private renderFavourite(card: CardPayload, featured: FeaturedOffer) {
    const favourite = this.cart.state?.favourites.some((entry) => entry.recommendationId === card.recommendation.id) ?? false;
    return html`<button
      part="favourite"
      class="favourite"
      type="button"
      aria-pressed=${favourite}
      aria-label=${this.msg('favourite')}
      title=${this.msg(favourite ? 'unfavourite' : 'favourite')}
      ?disabled=${!this.cart.client}
      @click=${() => this.toggleFavourite(card, featured)}
    >
      <span aria-hidden="true">${favourite ? '♥' : '♡'}</span>
    </button>`;
  }

  private renderPicks(card: CardPayload) {
    return renderPicks(this.picks.value ?? [], {
      title: html`<p id="picks" class="picks-title">${this.msg('otherPicks', { name: card.creator.name })}</p>`,
      locale: this.resolvedLocale,
      imageSizes: '84px',
      opensDialog: true,
      choose: (pick) => void this.open(pick),
    });
  }

  private renderCard(card: CardPayload) {
    const { product, creator, recommendation } = card;
    const featured = this.offers.featured() ?? { offer: product.offers[0]!, soldOut: false };
    const { offer, soldOut } = featured;
    const partner = partnerFor(card, offer);
    const link = this.offers.link(offer);
    const added = this.offers.isAdded(offer);
    const image = product.images[0];
    const tile = this.layout === 'tile';
    const { notice, stock } = this.statusParts(card, featured);
    const status = [notice, stock].filter(Boolean).join(' · ');
    // The disclosure is never cut: a short label that fits the narrowest card ("Ad", 「广告」), the full statement as its tooltip and for screen readers.
    const disclosure =
      recommendation.disclosure === 'none'
        ? nothing
        : html`<p part="disclosure" class="disclosure" title=${this.msg(`disclosure_${recommendation.disclosure}`)}>
            <span aria-hidden="true">${this.msg(`disclosureShort_${recommendation.disclosure}`)}</span><span class="visually-hidden">${this.msg(`disclosure_${recommendation.disclosure}`)}</span>
          </p>`;
    const sizes = tile ? '(min-width: 480px) 240px, 50vw' : this.layout === 'full' ? '(min-width: 480px) 200px, 100vw' : '96px';
    const more = this.expanded || this.clamp.clipped;
    return html`<article part="card" class="card ${soldOut ? 'is-sold-out' : ''}" aria-labelledby="title">
        <div class="media">
          ${image
            ? html`<button class="image" type="button" tabindex="-1" aria-hidden="true" @click=${() => this.open()}>
                ${renderImage(image, { part: 'image', sizes })}
              </button>`
            : nothing}
          ${soldOut ? html`<span part="sold-out" class="sold-out-badge" aria-hidden="true">${this.msg('soldOut')}</span>` : nothing}
          ${tile ? html`${disclosure}${this.renderFavourite(card, featured)}` : nothing}
        </div>
        <div class="body">
          ${tile ? nothing : html`<div class="top">${disclosure}${this.renderFavourite(card, featured)}</div>`}
          <div class="heading" id="title" role="heading" aria-level=${Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 3))}>
            <button part="title" class="title" type="button" aria-haspopup="dialog" @click=${() => this.open()}>${product.title}</button>
          </div>
          ${tile
            ? nothing
            : html`<div class="reason-box ${this.expanded ? 'expanded' : ''}">
                  <p part="reason" id="reason" class="reason ${this.expanded ? '' : 'clamped'}">${recommendation.reason}</p>
                  ${more
                    ? html`<button part="more" class="more" type="button" aria-expanded=${this.expanded} aria-controls="reason" @click=${() => this.toggleReason()}>
                        ${this.msg(this.expanded ? 'showLess' : 'readMore')}
                      </button>`
                    : nothing}
                </div>
                <div part="creator" class="creator">
                  ${renderIcon(creator.avatar?.src, 20)}
                  <span class="name" title=${this.msg('recommendedBy', { name: creator.name })}>${this.msg('creatorPick', { name: creator.name })}</span>
                  ${creator.verified ? html`<span part="verified" class="verified" role="img" aria-label=${this.msg('verified')} title=${this.msg('verified')}>✔</span>` : nothing}
                </div>`}
          <div class="prices">${renderOfferPrice(offer, this.resolvedLocale, (key) => this.msg(key), { stock: false })}</div>
          <p part="status" class="status" data-stock=${soldOut ? 'out_of_stock' : offer.stock} data-notice=${notice ? 'true' : 'false'} title=${status}>
            ${notice ? html`<span class="status-notice">${notice}</span>` : nothing}${stock
              ? html`<span part="stock" class="stock ${notice ? 'after-notice' : ''}" data-stock=${soldOut ? 'out_of_stock' : offer.stock}>${stock}</span>`
              : nothing}
          </p>
        </div>
        <div class="actions">
          ${soldOut && tile
            ? html`<button part="buy" class="other-picks" type="button" aria-haspopup="dialog" @click=${() => this.open()}>${this.msg('seeOtherPicks')}</button>`
            : this.offers.renderBuy(offer, partner, (key, params) => this.msg(key, params))}
          ${tile
            ? nothing
            : html`<button
                part="add-to-cart"
                class="add-to-cart"
                type="button"
                aria-label=${this.msg(added ? 'addedToCart' : 'addToCart')}
                title=${this.msg(added ? 'addedToCart' : 'addToCart')}
                ?disabled=${!this.interactive || !link || !isBuyable(offer)}
                @click=${() => this.offers.addToCart(offer)}
              >
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" width="20" height="20">
                  <path d=${added ? 'M5 12l5 5 9-10' : 'M3 4h2l2.4 10.2a1.5 1.5 0 0 0 1.5 1.1h8.3a1.5 1.5 0 0 0 1.4-1l2-6.3H6.2M10 20h.01M17 20h.01'} />
                </svg>
                <span class="label">${this.msg(added ? 'addedToCart' : 'addToCart')}</span>
              </button>`}
        </div>
        ${soldOut && !tile ? this.renderPicks(card) : nothing}
        <span class="visually-hidden" role="status">${added ? this.msg('addedToCart') : this.announcement}</span>
      </article>
      ${this.sheetRequested
        ? html`<vitrine-buy-sheet exportparts=${CARD_SHEET_EXPORTPARTS} .card=${card} api=${ifDefined(this.api || undefined)} locale=${ifDefined(this.locale || undefined)} theme=${ifDefined(this.theme || undefined)} placement=${ifDefined(this.placement || undefined)}></vitrine-buy-sheet>`
        : nothing}`;
  }

  protected override render() {
    const ready = this.ready;
    if (ready) return this.renderCard(ready);
    return this.loader.render({
      initial: () => this.renderSkeleton(),
      pending: () => this.renderSkeleton(),
      complete: (card) => this.renderCard(card),
      error: (error) => this.renderFailure(error, () => this.reload(), { unavailable: 'productUnavailable' }),
    });
  }
}
