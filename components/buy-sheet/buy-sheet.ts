import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { detectInAppBrowser, systemBrowserUrl, type InAppBrowser } from '../../src/attribution/in-app.js';
import { favouriteFor } from '../../src/cart/favourites.js';
import { isBuyable, isPriceStale, partnerFor } from '../../src/client/offers.js';
import { isVitrineError } from '../../src/errors.js';
import { appName } from '../../src/i18n/apps.js';
import { formatDay } from '../../src/i18n/index.js';
import { safeUrl } from '../../src/internal/url.js';
import type { Offer } from '../../src/model/index.js';
import type { CardPayload, ShareInfo } from '../../src/model/recommendation.js';
import { CartController } from '../shared/cart-controller.js';
import { renderIcon, renderImage } from '../shared/image.js';
import { ModalController } from '../shared/modal-controller.js';
import { OfferController } from '../shared/offer-controller.js';
import { renderPicks } from '../shared/picks.js';
import { priceStyles, renderOfferPrice } from '../shared/price.js';
import { baseStyles } from '../shared/styles.js';
import { VitrineElement } from '../shared/vitrine-element.js';
import { buySheetStyles } from './buy-sheet.styles.js';

/**
 * @tagname vitrine-buy-sheet
 * @summary The buy sheet (the "intermediate page"): a modal dialog with the
 * product gallery, the creator's full reason and every partner offer, with buy,
 * add-to-cart, favourite and share — without leaving the host page.
 *
 * `<vitrine-card>` opens one when activated. Standalone: set `rec` (or the
 * `card` property) and call `show()`. A bottom sheet on phones, a centred dialog
 * on wide screens. Escape, the close button and a click on the backdrop close
 * it; focus returns to where it was before `show()`.
 *
 * Every offer of the product is listed, the creator's shop first and marked;
 * a sold-out offer shows "Sold out" instead of a buy link, and a price older
 * than its partner's freshness window says so. When the product is sold out
 * everywhere, the creator's other picks are listed. Opened inside an in-app
 * browser (WeChat, Weibo, Instagram, TikTok, Facebook…), the sheet offers to
 * continue in the system browser ("open in browser" where the app allows it,
 * and "copy buy link" everywhere), the click id on the URL either way.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart panel - The content's frame when `inline` (in place of the dialog).
 * @csspart close - The close button.
 * @csspart gallery - The product images (main image and thumbnails).
 * @csspart image - The large product image.
 * @csspart thumbnail - A thumbnail button.
 * @csspart title - The product title.
 * @csspart creator - Creator avatar, name and verified badge.
 * @csspart disclosure - The advertising / commission disclosure label. Always shown when the creator earns commission.
 * @csspart reason - The creator's full recommendation reason.
 * @csspart offers - The list of offers.
 * @csspart offer - One partner shop's offer.
 * @csspart partner - The partner shop's logo and name.
 * @csspart price - An offer's price.
 * @csspart list-price - An offer's struck-through list price.
 * @csspart stock - An offer's stock state.
 * @csspart buy - The buy link to a partner shop.
 * @csspart add-to-cart - An offer's add-to-cart button.
 * @csspart favourite - The favourite toggle.
 * @csspart creator-shop - The "creator's pick" mark on the offer of the shop the creator published.
 * @csspart offer-note - An offer's note: a swap from a sold-out shop, a stale price.
 * @csspart in-app - The notice shown inside an in-app browser, with its buttons.
 * @csspart open-in-browser - "Open in browser" (a link to the system browser), where the in-app browser allows one.
 * @csspart copy-link - "Copy buy link": the decorated link of the featured offer, click id included.
 * @csspart picks - The creator's other picks, when the product is sold out everywhere.
 * @csspart pick - One of the other picks (a button showing it in the sheet).
 * @csspart share - The share button (hidden when the browser can neither share nor copy): shares the recommendation's share page and its share code (口令) for apps that block links.
 * @csspart status - The live region announcing "Added to cart" / "Link copied".
 * @csspart error - The error state.
 * @csspart retry - The retry button in the error state.
 *
 * @cssprop --vitrine-sheet-width - Dialog width on wide screens. Default `760px`.
 * @cssprop --vitrine-color-backdrop - The backdrop behind the dialog. Default `rgb(0 0 0 / 0.5)`.
 * @cssprop --vitrine-radius - Corner radius. Default `12px`.
 * @cssprop --vitrine-space - Base spacing. Default `12px`.
 * @cssprop --vitrine-color-accent - Buttons and links.
 * @cssprop --vitrine-color-surface - Background.
 * @cssprop --vitrine-color-text - Text.
 * @cssprop --vitrine-color-muted - Secondary text.
 * @cssprop --vitrine-color-price - Prices.
 * @cssprop --vitrine-color-focus - Focus ring.
 *
 * @fires {VitrineClickEvent} vitrine-click - The shopper follows a buy link; cancel it to stop navigation.
 * @fires {VitrineAddToCartEvent} vitrine-add-to-cart - Before adding an offer to the cart; cancel it to keep the cart unchanged.
 * @fires {VitrineErrorEvent} vitrine-error - Loading or an action failed.
 * @fires {VitrineShowEvent} vitrine-show - The sheet is about to open; cancel it to keep it closed.
 * @fires {VitrineAfterShowEvent} vitrine-after-show - The sheet opened and focus moved into it.
 * @fires {VitrineHideEvent} vitrine-hide - The sheet is about to close (`detail.source`: `escape`, `backdrop`, `close-button`, `method`); cancel it to keep it open.
 * @fires {VitrineAfterHideEvent} vitrine-after-hide - The sheet closed and focus went back to where it was.
 * @fires {Event} close - The sheet closed (does not bubble; kept for compatibility: prefer `vitrine-after-hide`).
 */
export class VitrineBuySheet extends VitrineElement {
  static override styles = [baseStyles, priceStyles, buySheetStyles];

  private readonly loader = new Task(this, {
    args: () => [this.rec, this.card] as const,
    task: async ([rec, card], { signal }) => {
      let loaded = card;
      if (!loaded) {
        if (!rec) return initialState;
        try {
          loaded = await this.vitrine.cards.get(rec, { signal });
        } catch (error) {
          if (isVitrineError(error, 'aborted')) throw error;
          throw this.report(error, 'load-card');
        }
      }
      this.image = 0;
      this.offers.prepare(loaded);
      return loaded;
    },
  });
  /** One decorated link per offer, buy and add to cart, fresh click ids. */
  private readonly offers = new OfferController(this, {
    client: () => this.vitrine,
    report: (error, action) => this.report(error, action),
    redirect: () => this.redirect,
    placement: () => this.placement || undefined,
  });
  /** Focus in and back, Tab trap, Escape, backdrop, show/hide events. */
  private readonly modal = new ModalController(this, {
    dialog: () => this.dialog,
    afterHide: () => this.dispatchEvent(new Event('close')),
  });
  /** Favourites, followed (and the cart store loaded) only while the sheet is open. */
  private readonly cart = new CartController(this, { resolve: () => this.vitrine, report: (error) => this.report(error, 'favourite'), active: () => this.open });

  /** The creator's other picks, loaded only when the product is sold out everywhere and the sheet is open. */
  private readonly picks = new Task(this, {
    args: () => [this.open ? this.loader.value : undefined, this.offers.featured()?.soldOut === true] as const,
    task: async ([card, soldOut]) => (card && soldOut ? this.vitrine.showcase.picks(card.creator.id, { exclude: card.recommendation.id, limit: 4 }) : []),
  });

  @query('dialog') private dialog!: HTMLDialogElement | null;
  @state() private image = 0;
  @state() private status = '';
  /** The in-app browser the page runs in, read once connected (never during server rendering). */
  @state() private inApp: InAppBrowser | undefined;
  /** The shown card's share page and code, fetched when the sheet shows it (a share must start in the click itself). */
  private shareInfo: ShareInfo | undefined;
  /** The recommendation whose share info was asked for (once per card). */
  private shareFor: string | undefined;

  /** Recommendation id to load when no `card` is given, e.g. `rec-123`. */
  @property({ reflect: true }) rec = '';

  /** Whether the sheet is open. Prefer `show()` / `hide()`. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** The card data; when set, nothing is fetched and the content renders at once (server rendering, hydration). */
  @property({ attribute: false }) card: CardPayload | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.inApp = typeof navigator === 'undefined' ? undefined : detectInAppBrowser(navigator.userAgent ?? '');
  }

  /**
   * Render the sheet's content in the page flow instead of a modal dialog
   * (no backdrop, no close button, always shown): the share page of a
   * recommendation, or any page that is about one product.
   */
  @property({ type: Boolean, reflect: true }) inline = false;

  /**
   * The platform's public base URL for buy links through its `/go/` redirect
   * (the click is recorded on the server; works without JavaScript). Unset:
   * decorated partner links. See `<vitrine-card redirect>`.
   */
  @property({ reflect: true }) redirect = '';

  /**
   * Where the sheet's card is on the page, sent with its clicks and
   * add-to-cart events for the creator's per-placement stats (see
   * `<vitrine-card placement>`; a card passes its own). 1–64 characters of
   * `[A-Za-z0-9_.:-]`; another value is not sent.
   */
  @property({ reflect: true }) placement = '';

  protected override configurationChanged(): void {
    if (!this.card) void this.loader.run();
  }

  protected override hydrated(): void {
    // The server's links carry no click id: give each its own, the browser's.
    if (this.offers.card) this.offers.prepare(this.offers.card);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Given data renders in this very update (also on a server, where tasks do not run).
    if ((changed.has('card') || changed.has('redirect')) && this.card) this.offers.prepare(this.card);
    if (changed.has('open') && !this.open) this.status = '';
  }

  private onGalleryKeydown(event: KeyboardEvent, count: number): void {
    const moves: Record<string, number> = { ArrowRight: this.image + 1, ArrowDown: this.image + 1, ArrowLeft: this.image - 1, ArrowUp: this.image - 1, Home: 0, End: count - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.image = (next + count) % count;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[part~='thumbnail'][aria-current='true']`)?.focus());
  }

  private async onAddToCart(offer: Offer): Promise<void> {
    if (await this.offers.addToCart(offer)) this.status = this.msg('addedToCart');
  }

  private async onFavourite(card: CardPayload): Promise<void> {
    try {
      const store = this.cart.store ?? (await this.vitrine.loadCart());
      const saved = store.toggleFavourite(favouriteFor(card, this.offers.featured()));
      this.status = saved ? this.msg('favouriteSaved') : this.msg('cartFavouriteRemoved', { title: card.product.title });
      this.requestUpdate();
    } catch (error) {
      this.report(error, 'favourite');
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const card = this.card ?? this.loader.value;
    if (!this.interactive || !(this.open || this.inline) || !card || this.shareFor === card.recommendation.id) return;
    const id = card.recommendation.id;
    this.shareFor = id;
    this.shareInfo = undefined;
    try {
      // Best effort: a platform without share pages leaves the host page's URL to share.
      this.vitrine.cards.share(id).then(
        (info) => {
          if ((this.card ?? this.loader.value)?.recommendation.id === id) this.shareInfo = info;
        },
        () => {},
      );
    } catch {
      // No client: the content shows the configuration error.
    }
  }

  /** Leaves the in-app browser for the system one, with the featured offer's decorated link (a recorded click). */
  private onOpenInBrowser(event: MouseEvent, offer: Offer): void {
    if (!this.offers.follow(offer)) event.preventDefault();
  }

  /** Copies the featured offer's decorated link (a recorded click: the click id travels in the copied URL). */
  private async onCopyLink(offer: Offer): Promise<void> {
    const link = this.offers.link(offer);
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
    } catch (error) {
      this.report(error, 'copy-link');
      return;
    }
    this.offers.follow(offer);
    this.status = this.msg('linkCopied');
  }

  private async onShare(card: CardPayload): Promise<void> {
    // The recommendation's share page (it works where scripts do not) and its share
    // code for apps that block links; the host page when the platform has neither.
    const info = this.shareInfo?.recommendationId === card.recommendation.id ? this.shareInfo : undefined;
    const url = safeUrl(info?.url) ?? location.href;
    const code = info ? this.msg('shareCode', { code: info.code }) : '';
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title: card.product.title, text: code ? `${card.recommendation.reason}\n${code}` : card.recommendation.reason, url });
        this.status = code;
        return;
      } catch (error) {
        // The shopper dismissed the share sheet: nothing to do.
        if (error instanceof Error && error.name === 'AbortError') return;
        if (!navigator.clipboard) return void this.report(error, 'share');
      }
    }
    try {
      await navigator.clipboard.writeText(code ? `${url}\n${code}` : url);
      this.status = code ? `${this.msg('linkCopied')} · ${code}` : this.msg('linkCopied');
    } catch (error) {
      this.report(error, 'share');
    }
  }

  private isFavourite(id: string): boolean {
    return this.cart.store?.isFavourite(id) ?? false;
  }

  /** Opens the sheet as a modal dialog and moves focus into it (after a cancelable `vitrine-show`). */
  async show(): Promise<void> {
    this.open = true;
    await this.updateComplete;
  }

  /** Closes the sheet (after a cancelable `vitrine-hide`); focus returns to the element focused before `show()`. */
  async hide(): Promise<void> {
    this.open = false;
    await this.updateComplete;
  }

  /** Reloads the card (after an error). */
  reload(): void {
    if (!this.card && this.rec) this.vitrine.cards.invalidate(this.rec);
    void this.loader.run();
  }

  private renderGallery(card: CardPayload) {
    const images = card.product.images;
    const current = images[this.image] ?? images[0];
    if (!current) return nothing;
    return html`<div part="gallery" class="gallery">
      ${renderImage(current, { part: 'image', class: 'main', sizes: '(min-width: 640px) 340px, 100vw' })}
      ${images.length > 1
        ? html`<div class="thumbs" role="group" aria-label=${this.msg('gallery')} @keydown=${(event: KeyboardEvent) => this.onGalleryKeydown(event, images.length)}>
            ${images.map(
              (image, index) => html`<button
                part="thumbnail"
                class="thumb"
                type="button"
                tabindex=${index === this.image ? 0 : -1}
                aria-current=${index === this.image}
                aria-label=${this.msg('imageOf', { n: index + 1, total: images.length })}
                @click=${() => (this.image = index)}
              >
                ${renderImage(image, { sizes: '56px', alt: '' })}
              </button>`,
            )}
          </div>`
        : nothing}
    </div>`;
  }

  private renderOffer(card: CardPayload, offer: Offer, index: number) {
    const partner = partnerFor(card, offer);
    const link = this.offers.link(offer);
    const featured = this.offers.featured();
    const mine = card.recommendation.partnerId === offer.partnerId;
    const notes: string[] = [];
    if (featured?.offer === offer && featured.swappedFrom) {
      const from = partnerFor(card, featured.swappedFrom)?.name ?? featured.swappedFrom.partnerId;
      notes.push(this.msg('swappedDetail', { from }));
    }
    if (offer.priceAt && isPriceStale(offer, partner)) notes.push(this.msg('priceStale', { date: formatDay(offer.priceAt, this.resolvedLocale) }));
    return html`<li part="offer" class="offer ${featured?.offer === offer ? 'featured' : ''}">
      <span class="offer-head">
        <span part="partner" class="partner" id="partner-${index}">${renderIcon(partner?.logo, 20)}<span class="name">${partner?.name ?? offer.partnerId}</span></span>
        ${mine ? html`<span part="creator-shop" class="creator-shop">${this.msg('creatorShop')}</span>` : nothing}
      </span>
      <span class="prices">
        ${renderOfferPrice(offer, this.resolvedLocale, (key) => this.msg(key))}
      </span>
      ${notes.length ? html`<span part="offer-note" class="offer-note">${notes.join(' · ')}</span>` : nothing}
      <span class="actions">
        ${this.offers.renderBuy(offer, partner, (key, params) => this.msg(key, params), { showShop: false })}
        <button
          part="add-to-cart"
          type="button"
          aria-describedby="partner-${index}"
          ?disabled=${!this.interactive || !link || !isBuyable(offer)}
          @click=${() => this.onAddToCart(offer)}
        >
          ${this.msg(this.offers.isAdded(offer) ? 'addedToCart' : 'addToCart')}
        </button>
      </span>
    </li>`;
  }

  private renderCard(card: CardPayload) {
    const { product, creator, recommendation } = card;
    // Browser-only state waits for the first update after hydration (see `interactive`).
    const favourite = this.interactive && this.isFavourite(recommendation.id);
    const canShare = this.interactive && (typeof navigator.share === 'function' || typeof navigator.clipboard?.writeText === 'function');
    return html`<div class="content">
      ${this.renderGallery(card)}
      <div class="info">
        ${recommendation.disclosure === 'none'
          ? nothing
          : html`<p part="disclosure" class="disclosure">${this.msg(`disclosure_${recommendation.disclosure}`)}</p>`}
        <h2 part="title" id="title" class="title">${product.title}</h2>
        <div part="creator" class="creator">
          ${renderIcon(creator.avatar?.src, 28)}
          <span>${this.msg('recommendedBy', { name: creator.name })}</span>
          ${creator.verified ? html`<span class="verified" role="img" aria-label=${this.msg('verified')} title=${this.msg('verified')}>✔</span>` : nothing}
        </div>
        <p part="reason" class="reason">${recommendation.reason}</p>
        <div class="tools">
          <button part="favourite" type="button" aria-pressed=${favourite} ?disabled=${!this.interactive} @click=${() => this.onFavourite(card)}>
            <span aria-hidden="true">${favourite ? '♥' : '♡'}</span>${this.msg('favourite')}
          </button>
          ${canShare ? html`<button part="share" type="button" @click=${() => this.onShare(card)}>${this.msg('share')}</button>` : nothing}
        </div>
        ${this.renderInApp(card)}
        <h3 class="offers-title" id="offers">${this.msg('offers')}</h3>
        <ul part="offers" class="offers" aria-labelledby="offers">
          ${this.sortedOffers(card).map((offer) => this.renderOffer(card, offer, product.offers.indexOf(offer)))}
        </ul>
        ${this.renderPicks(card)}
      </div>
    </div>`;
  }

  /** The creator's shop first, then the featured offer, then the others in the platform's order. */
  private sortedOffers(card: CardPayload): Offer[] {
    const featured = this.offers.featured()?.offer;
    const rank = (offer: Offer) => (offer.partnerId === card.recommendation.partnerId ? 0 : offer === featured ? 1 : 2);
    return [...card.product.offers].sort((a, b) => rank(a) - rank(b));
  }

  /** Inside an in-app browser: continue in the system browser, the click id on the URL whichever way. */
  private renderInApp(card: CardPayload) {
    const inApp = this.inApp;
    const featured = this.offers.featured();
    if (!inApp || !featured || featured.soldOut) return nothing;
    const { offer } = featured;
    const link = this.offers.link(offer);
    const partner = partnerFor(card, offer);
    if (!link || !partner) return nothing;
    let escape: string | undefined;
    try {
      escape = systemBrowserUrl(link.url, partner, inApp);
    } catch {
      escape = undefined; // the link was checked when it was decorated: cannot happen
    }
    const canCopy = typeof navigator !== 'undefined' && typeof navigator.clipboard?.writeText === 'function';
    return html`<div part="in-app" class="in-app" role="note">
      <p>${this.msg('inApp', { app: appName(inApp.app, this.resolvedLocale) })}</p>
      <div class="in-app-actions">
        ${escape
          ? html`<a part="open-in-browser" class="button primary" href=${escape} rel="sponsored noopener" @click=${(event: MouseEvent) => this.onOpenInBrowser(event, offer)}
              >${this.msg('openInBrowser')}</a
            >`
          : nothing}
        ${canCopy ? html`<button part="copy-link" type="button" @click=${() => this.onCopyLink(offer)}>${this.msg('copyBuyLink')}</button>` : nothing}
      </div>
      <p class="hint">${this.msg('inAppMenu')}</p>
    </div>`;
  }

  private renderPicks(card: CardPayload) {
    if (!this.offers.featured()?.soldOut) return nothing;
    return renderPicks(this.picks.value ?? [], {
      title: html`<h3 id="picks" class="offers-title">${this.msg('otherPicks', { name: card.creator.name })}</h3>`,
      locale: this.resolvedLocale,
      imageSizes: '48px',
      opensDialog: false,
      choose: (pick) => (this.card = pick),
    });
  }

  private renderSkeleton() {
    return html`<div class="content" aria-busy="true">
      <div class="gallery skeleton sk-square"></div>
      <div class="info">
        <div class="skeleton sk-h15 sk-w80"></div>
        <div class="skeleton sk-h1 sk-w40"></div>
        <div class="skeleton sk-h5"></div>
        <div class="skeleton sk-h45"></div>
      </div>
      <span class="visually-hidden">${this.msg('loading')}</span>
    </div>`;
  }

  private renderContent() {
    if (this.card && this.offers.card === this.card) return this.renderCard(this.card);
    return this.loader.render({
      initial: () => nothing,
      pending: () => this.renderSkeleton(),
      complete: (card) => this.renderCard(card),
      error: (error) => this.renderFailure(error, () => this.reload(), { unavailable: 'productUnavailable' }),
    });
  }

  protected override render() {
    if (this.inline) {
      return html`<section part="panel" class="sheet inline" aria-labelledby="title">
        ${this.renderContent()}
        <p part="status" class="status" role="status">${this.status}</p>
      </section>`;
    }
    const loaded = this.loader.status === TaskStatus.COMPLETE || (this.card !== undefined && this.offers.card === this.card);
    return html`<dialog part="dialog" aria-labelledby=${ifDefined(loaded ? 'title' : undefined)} aria-label=${ifDefined(loaded ? undefined : this.msg('open'))}>
      <div class="sheet">
        <button part="close" class="close" type="button" aria-label=${this.msg('close')} @click=${() => this.modal.requestClose('close-button')}>
          <span aria-hidden="true">✕</span>
        </button>
        ${this.open ? this.renderContent() : nothing}
        <p part="status" class="status" role="status">${this.status}</p>
      </div>
    </dialog>`;
  }
}

