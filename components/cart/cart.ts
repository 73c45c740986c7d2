import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { favouriteChanges } from '../../src/cart/favourites.js';
import type { CheckoutHandOff, CheckoutPlan } from '../../src/cart/checkout.js';
import { isBuyable, partnerFor } from '../../src/client/offers.js';
import type { OfferLink } from '../../src/client/vitrine.js';
import { lineKey, type CartGroup } from '../../src/cart/store.js';
import { formatMoney } from '../../src/i18n/index.js';
import type { CartLine, CartState, Favourite } from '../../src/model/cart.js';
import type { Offer } from '../../src/model/product.js';
import type { CardPayload } from '../../src/model/recommendation.js';
import { VitrineCheckoutEvent } from '../events/vitrine-checkout.js';
import { CartController } from '../shared/cart-controller.js';
import { renderImage } from '../shared/image.js';
import { renderPartnerLink } from '../shared/link.js';
import { ModalController } from '../shared/modal-controller.js';
import { followLink } from '../shared/offer-controller.js';
import { baseStyles } from '../shared/styles.js';
import { VitrineElement } from '../shared/vitrine-element.js';
import { cartStyles } from './cart.styles.js';

/**
 * @tagname vitrine-cart
 * @summary The shopper's cart and favourites, grouped by partner shop, with one
 * attributed checkout hand-off per shop.
 *
 * Renders the cart (`vitrine.loadCart()`) live (changes in other tabs included). Each partner
 * group shows its lines (quantity stepper, remove), a subtotal per currency and
 * one "Check out at {partner}" link: the partner's checkout URL, decorated with
 * a fresh click id and the creator. A group that cannot be handed off (unknown
 * partner, unsafe URL) shows a message and keeps its items. Inline by default;
 * with `drawer`, the cart is a modal dialog sliding in from the inline end,
 * opened with `show()`.
 *
 * Favourites keep the recommending creator: each shows the product as the
 * platform serves it now (the same public, cookie-less `GET /v1/cards` every
 * page makes; the comparison with the price saved runs in the browser, and no
 * identifier of the shopper leaves it), "↓¥20 since saved" when it got
 * cheaper, "back in stock" when it was sold out, and a buy link and an
 * add-to-cart button: bought weeks later, the sale still goes to the creator
 * (a fresh click id bound to the original recommendation).
 *
 * @csspart cart - The cart (`<section>`).
 * @csspart group - One partner shop's group.
 * @csspart partner - The partner shop's name (group heading).
 * @csspart line - One cart line.
 * @csspart quantity - The quantity stepper (− / number input / +).
 * @csspart remove - Remove buttons (cart lines and favourites).
 * @csspart subtotal - A group's subtotal.
 * @csspart checkout - The checkout link of a group.
 * @csspart rejected - The message of a group that cannot be checked out.
 * @csspart favourites - The favourites section.
 * @csspart favourite - One favourite.
 * @csspart price-drop - "↓¥20 since saved" on a favourite that got cheaper.
 * @csspart back-in-stock - "Back in stock" on a favourite that was sold out when saved.
 * @csspart buy - A favourite's buy link (decorated with a fresh click id for its recommendation).
 * @csspart add-to-cart - A favourite's add-to-cart button.
 * @csspart empty - The empty-cart message.
 * @csspart dialog - The drawer `<dialog>` (drawer mode).
 * @csspart close - The drawer's close button (drawer mode).
 * @csspart error - The error state (no API configured).
 *
 * @cssprop --vitrine-cart-drawer-width - Drawer width. Default `420px` (never wider than the viewport).
 * @cssprop --vitrine-cart-image-size - Line thumbnail size. Default `56px`.
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
 * @fires {VitrineCheckoutEvent} vitrine-checkout - The shopper follows a checkout link; cancel it to stop navigation and recording.
 * @fires {VitrineClickEvent} vitrine-click - The shopper follows a favourite's buy link; cancel it to stop navigation and recording.
 * @fires {VitrineShowEvent} vitrine-show - The drawer is about to open; cancel it to keep it closed (drawer mode).
 * @fires {VitrineAfterShowEvent} vitrine-after-show - The drawer opened and focus moved into it (drawer mode).
 * @fires {VitrineHideEvent} vitrine-hide - The drawer is about to close (`detail.source`); cancel it to keep it open (drawer mode).
 * @fires {VitrineAfterHideEvent} vitrine-after-hide - The drawer closed and focus went back to where it was (drawer mode).
 * @fires {VitrineErrorEvent} vitrine-error - No API is configured, or a group cannot be checked out.
 */
export class VitrineCart extends VitrineElement {
  static override styles = [baseStyles, cartStyles];

  // First controller: it resolves the client before the tasks read it.
  private readonly cart = new CartController(this, { resolve: () => this.vitrine, report: (error) => this.report(error, 'cart') });
  private readonly partnerNames = new Task(this, {
    args: () => [this.cart.client, this.hasActiveLines] as const,
    task: async ([client, active]) => {
      if (!client || !active) return initialState;
      // No abort signal: the list is one cached request shared with other elements.
      const partners = await client.partners.list();
      return new Map(partners.map((partner) => [partner.id, partner.name]));
    },
  });
  private readonly planner = new Task(this, {
    // Re-plans whenever the lines change (each plan has fresh click ids).
    args: () => [this.cart.client, this.hasActiveLines ? this.cart.state?.lines : undefined] as const,
    task: async ([client, lines]) => {
      if (!client || !lines) return initialState;
      let plan: CheckoutPlan;
      try {
        plan = await client.planCheckout();
      } catch (error) {
        throw this.report(error, 'checkout');
      }
      const rejected = plan.rejected.map((rejection) => rejection.partnerId).join();
      if (rejected !== this.reportedRejections) for (const { error } of plan.rejected) this.report(error, 'checkout');
      this.reportedRejections = rejected;
      return plan;
    },
  });

  /** The favourites' cards as served now (price, stock), loaded while the favourites are shown. */
  private readonly favouriteCards = new Task(this, {
    args: () => [this.cart.client, this.showsContent ? this.cart.state?.favourites.map((favourite) => favourite.recommendationId).join(',') : undefined] as const,
    task: async ([client, ids]) => {
      if (!client || !ids) return initialState;
      const settled = await client.cards.getMany(ids.split(','));
      const cards = new Map<string, CardPayload>();
      for (const result of settled) if (result.status === 'fulfilled') cards.set(result.value.recommendation.id, result.value);
      return cards;
    },
  });
  /** One decorated link per favourite card, fresh after each click. */
  private readonly favouriteLinks = new Map<string, OfferLink | null>();

  /** Drawer mode: focus in and back, Tab trap, Escape, backdrop, show/hide events. */
  private readonly modal = new ModalController(this, {
    dialog: () => (this.drawer ? this.renderRoot.querySelector('dialog') : null),
    initialFocus: (dialog) => dialog.querySelector<HTMLElement>('.close'),
  });
  private reportedRejections = '';

  @state() private announcement = '';

  /** Renders the cart in a modal drawer (opened with `show()`) instead of inline. */
  @property({ type: Boolean, reflect: true }) drawer = false;

  /** Whether the drawer is open (drawer mode only). Setting it opens or closes the drawer. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** Lines are shown and checkout is planned only inline or while the drawer is open. */
  private get hasActiveLines(): boolean {
    return this.showsContent && !!this.cart.state?.lines.length;
  }

  /** The cart is on screen: inline, or the drawer is open. */
  private get showsContent(): boolean {
    return !this.drawer || this.open;
  }

  /** The decorated link of a favourite's offer (a fresh click id for its recommendation); `null` when unsafe. */
  private favouriteLink(card: CardPayload, offer: Offer): OfferLink | null {
    const key = `${card.recommendation.id}|${offer.partnerId}`;
    let link = this.favouriteLinks.get(key);
    if (link === undefined) {
      try {
        link = this.cart.client?.offerLink(card, offer) ?? null;
      } catch (error) {
        this.reportOnce(error, 'link');
        link = null;
      }
      this.favouriteLinks.set(key, link);
    }
    return link;
  }

  private onFavouriteBuy(event: MouseEvent, card: CardPayload, offer: Offer, link: OfferLink): void {
    if (event.type === 'auxclick' && event.button !== 1) return;
    if (!followLink(this, () => this.cart.client, link, (error, action) => this.report(error, action))) {
      event.preventDefault();
      return;
    }
    // A fresh click id for the next click. Deferred: the browser reads href after this handler.
    setTimeout(() => {
      this.favouriteLinks.delete(`${card.recommendation.id}|${offer.partnerId}`);
      this.requestUpdate();
    });
  }

  private onFavouriteAdd(card: CardPayload, offer: Offer): void {
    try {
      this.cart.client?.addToCart(card, offer, 1);
      this.announce(this.msg('addedToCart'));
    } catch (error) {
      this.report(error, 'add-to-cart');
    }
  }

  private announce(message: string): void {
    this.announcement = message;
  }

  private setQuantity(line: CartLine, requested: number): void {
    if (!Number.isFinite(requested)) {
      this.requestUpdate();
      return;
    }
    const quantity = Math.min(99, Math.max(1, Math.round(requested)));
    if (quantity === line.quantity) {
      this.requestUpdate(); // resets an out-of-range value typed into the input
      return;
    }
    try {
      this.cart.store?.setQuantity(lineKey(line), quantity);
      this.announce(this.msg('cartQuantityChanged', { title: line.title, count: quantity }));
    } catch (error) {
      this.report(error, 'cart-quantity');
    }
  }

  private async removeLine(line: CartLine): Promise<void> {
    const hadFocus = !!this.shadowRoot?.activeElement;
    this.cart.store?.remove(lineKey(line));
    this.announce(this.msg('cartRemoved', { title: line.title }));
    await this.keepFocus(hadFocus);
  }

  private async removeFavourite(favourite: Favourite): Promise<void> {
    const hadFocus = !!this.shadowRoot?.activeElement;
    try {
      this.cart.store?.toggleFavourite(favourite);
      this.announce(this.msg('cartFavouriteRemoved', { title: favourite.title }));
    } catch (error) {
      this.report(error, 'favourite');
    }
    await this.keepFocus(hadFocus);
  }

  /** A removed row takes its focused button with it: keep keyboard users inside the cart. */
  private async keepFocus(hadFocus: boolean): Promise<void> {
    await this.updateComplete;
    const root = this.shadowRoot;
    if (hadFocus && root && !root.activeElement) root.querySelector<HTMLElement>('h2')?.focus();
  }

  private onCheckout(event: MouseEvent, handOff: CheckoutHandOff): void {
    if (event.type === 'auxclick' && event.button !== 1) return;
    if (!this.dispatchEvent(new VitrineCheckoutEvent({ handOff }))) {
      event.preventDefault();
      return;
    }
    try {
      this.cart.client?.recordCheckout(handOff);
    } catch (error) {
      this.report(error, 'checkout');
    }
    // A fresh click id for the next hand-off. Deferred: the browser reads href after this handler.
    setTimeout(() => void this.planner.run());
  }

  /** Opens the drawer (drawer mode; after a cancelable `vitrine-show`). */
  show(): void {
    this.open = true;
  }

  /** Closes the drawer (after a cancelable `vitrine-hide`) and returns focus to where it was before `show()`. */
  hide(): void {
    this.open = false;
  }

  private partnerName(partnerId: string, handOff: CheckoutHandOff | undefined): string {
    return this.partnerNames.value?.get(partnerId) ?? handOff?.partner.name ?? partnerId;
  }

  private renderLine(line: CartLine) {
    const locale = this.resolvedLocale;
    const { title, quantity, image } = line;
    const label = this.msg('cartQuantityOf', { title });
    return html`<li part="line" class="line">
      ${image
        ? renderImage(image, { class: 'thumb', alt: '' })
        : html`<span class="thumb"></span>`}
      <div class="info">
        <span class="title">${title}</span>
        <span class="unit"><span class="visually-hidden">${this.msg('cartUnitPrice')} </span>${formatMoney(line.price, locale)}</span>
      </div>
      <div class="controls">
        <div part="quantity" class="stepper" role="group" aria-label=${label}>
          <button
            type="button"
            aria-label=${this.msg('cartDecrease', { title })}
            aria-disabled=${quantity <= 1}
            @click=${() => this.setQuantity(line, quantity - 1)}
          >
            −
          </button>
          <input
            type="number"
            inputmode="numeric"
            min="1"
            max="99"
            step="1"
            aria-label=${label}
            .value=${live(String(quantity))}
            @change=${(event: Event) => this.setQuantity(line, parseInt((event.target as HTMLInputElement).value, 10))}
          />
          <button
            type="button"
            aria-label=${this.msg('cartIncrease', { title })}
            aria-disabled=${quantity >= 99}
            @click=${() => this.setQuantity(line, quantity + 1)}
          >
            +
          </button>
        </div>
        <span class="total"
          ><span class="visually-hidden">${this.msg('cartLineTotal')} </span>${formatMoney(
            { amount: line.price.amount * quantity, currency: line.price.currency },
            locale,
          )}</span
        >
        <button part="remove" type="button" aria-label=${this.msg('cartRemoveItem', { title })} @click=${() => this.removeLine(line)}>
          ${this.msg('remove')}
        </button>
      </div>
    </li>`;
  }

  private renderGroup(group: CartGroup, index: number, plan: CheckoutPlan | undefined) {
    const handOff = plan?.handOffs.find((candidate) => candidate.partnerId === group.partnerId);
    const rejected = this.planner.status === TaskStatus.ERROR || plan?.rejected.some((rejection) => rejection.partnerId === group.partnerId);
    const name = this.partnerName(group.partnerId, handOff);
    const locale = this.resolvedLocale;
    return html`<section part="group" class="group" aria-labelledby="group-${index}">
      <h3 part="partner" id="group-${index}">${name}</h3>
      <ul role="list">
        ${repeat(group.lines, lineKey, (line) => this.renderLine(line))}
      </ul>
      <p part="subtotal" class="subtotal">
        <span>${this.msg('subtotal')}</span>
        <span class="amount">${group.subtotals.map((money) => formatMoney(money, locale)).join(' + ')}</span>
      </p>
      ${handOff
        ? renderPartnerLink(
            'checkout',
            'button primary checkout',
            handOff.url,
            // One line at any width: "Check out" and the shop beside it, cut with an ellipsis; the full label is the accessible name.
            html`<span class="cta">${this.msg('checkout')}</span><span class="shop">${name}</span>`,
            (event) => this.onCheckout(event, handOff),
            this.msg('checkoutAt', { partner: name }),
          )
        : rejected
          ? html`<p part="rejected" class="rejected">
              <span>${this.msg('cartRejected', { partner: name })}</span>
              <button type="button" @click=${() => void this.planner.run()}>${this.msg('retry')}</button>
            </p>`
          : html`<span class="checkout pending skeleton" aria-label=${this.msg('loading')} role="img"></span>`}
    </section>`;
  }

  private renderFavourite(favourite: Favourite) {
    const card = this.favouriteCards.value?.get(favourite.recommendationId);
    const locale = this.resolvedLocale;
    const usable = (offer: Offer) => !!card && this.favouriteLink(card, offer) !== null;
    const changes = card ? favouriteChanges(favourite, card, usable) : undefined;
    const offer = changes?.offer;
    const link = card && offer && isBuyable(offer) && !changes.soldOut ? this.favouriteLink(card, offer) : null;
    const partner = card && offer ? partnerFor(card, offer) : undefined;
    return html`<li part="favourite" class="favourite">
      ${favourite.image ? renderImage(favourite.image, { class: 'thumb', alt: '' }) : html`<span class="thumb"></span>`}
      <div class="info">
        <span class="title">${favourite.title}</span>
        ${card ? html`<span class="by">${this.msg('recommendedBy', { name: card.creator.name })}</span>` : nothing}
        <span class="unit">
          ${offer ? html`<span class="price">${formatMoney(offer.price, locale)}</span>` : nothing}
          ${changes?.priceDrop ? html`<span part="price-drop" class="badge drop">${this.msg('priceDrop', { amount: formatMoney(changes.priceDrop, locale) })}</span>` : nothing}
          ${changes?.backInStock ? html`<span part="back-in-stock" class="badge stock">${this.msg('backInStock')}</span>` : nothing}
          ${changes?.soldOut ? html`<span class="badge out">${this.msg('soldOut')}</span>` : nothing}
        </span>
      </div>
      <div class="controls">
        ${card && offer && link
          ? html`${renderPartnerLink(
                'buy',
                'button primary fav-buy',
                link.url,
                html`<span class="cta">${this.msg('buy')}</span>${partner ? html`<span class="shop">${partner.name}</span>` : nothing}`,
                (event) => this.onFavouriteBuy(event, card, offer, link),
                partner ? this.msg('buyAt', { partner: partner.name }) : this.msg('buy'),
              )}
              <button part="add-to-cart" type="button" @click=${() => this.onFavouriteAdd(card, offer)}>${this.msg('addToCart')}</button>`
          : nothing}
        <button part="remove" type="button" aria-label=${this.msg('cartUnfavouriteItem', { title: favourite.title })} @click=${() => this.removeFavourite(favourite)}>
          ${this.msg('remove')}
        </button>
      </div>
    </li>`;
  }

  private renderFavourites(favourites: readonly Favourite[]) {
    if (!favourites.length) return nothing;
    return html`<section part="favourites" class="favourites" aria-labelledby="favourites">
      <h3 id="favourites">${this.msg('favourites')}</h3>
      <ul role="list">
        ${repeat(
          favourites,
          (favourite) => favourite.recommendationId,
          (favourite) => this.renderFavourite(favourite),
        )}
      </ul>
    </section>`;
  }

  private renderBody(cart: CartState) {
    if (!cart.lines.length) return html`<p part="empty" class="empty">${this.msg('cartEmpty')}</p>`;
    const plan = this.planner.value;
    const groups = this.cart.store?.groups() ?? [];
    return groups.map((group, index) => this.renderGroup(group, index, plan));
  }

  protected override render() {
    const cart = this.cart.state;
    const content = html`<section part="cart" class="cart" aria-labelledby="heading">
      <header class="head">
        <h2 id="heading" tabindex="-1">${this.msg('cart')}</h2>
        ${this.drawer
          ? html`<button part="close" class="close" type="button" aria-label=${this.msg('close')} @click=${() => this.modal.requestClose('close-button')}>✕</button>`
          : nothing}
      </header>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${cart
        ? html`${this.renderBody(cart)}${this.renderFavourites(cart.favourites)}`
        : this.renderFailure(this.cart.configError, () => this.requestUpdate())}
    </section>`;
    if (!this.drawer) return content;
    return html`<dialog part="dialog" aria-labelledby="heading">${content}</dialog>`;
  }
}
