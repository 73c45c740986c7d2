import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { formatCount } from '../../src/i18n/index.js';
import type { VitrineCart } from '../cart/cart.js';
import { CartController } from '../shared/cart-controller.js';
import { requireElement } from '../shared/require-element.js';
import { baseStyles } from '../shared/styles.js';
import { VitrineElement } from '../shared/vitrine-element.js';
import { CART_BUTTON_CART_EXPORTPARTS } from '../shared/parts.js';
import { cartButtonStyles } from './cart-button.styles.js';

/**
 * @tagname vitrine-cart-button
 * @summary A cart icon button with a count badge; opens the cart in a drawer.
 *
 * The badge shows the cart's total quantity (hidden at 0) and follows changes
 * made anywhere, other tabs included. Activating the button opens a
 * `<vitrine-cart drawer>` rendered inside this element, with the same `api`,
 * `locale` and `theme`; focus returns to the button when the drawer closes.
 *
 * @csspart button - The cart button.
 * @csspart badge - The count badge.
 *
 * @exportparts cart- vitrine-cart - The parts of the drawer's cart, prefixed `cart-`: `vitrine-cart-button::part(cart-checkout)`.
 *
 * @dependency vitrine-cart
 *
 * @cssprop --vitrine-cart-button-radius - The button's corner radius. Default `999px` (round).
 * @cssprop --vitrine-color-accent - Badge background.
 * @cssprop --vitrine-color-on-accent - Badge text.
 * @cssprop --vitrine-color-surface - Button background.
 * @cssprop --vitrine-color-text - Icon colour.
 * @cssprop --vitrine-color-border - Button border.
 * @cssprop --vitrine-color-focus - Focus ring.
 *
 * @fires {VitrineCheckoutEvent} vitrine-checkout - From the drawer's cart: the shopper follows a checkout link (cancelable).
 * @fires {VitrineErrorEvent} vitrine-error - No API is configured, or the drawer's cart reports a failure.
 * @fires {VitrineShowEvent} vitrine-show - From the drawer: it is about to open (cancelable).
 * @fires {VitrineAfterShowEvent} vitrine-after-show - From the drawer: it opened.
 * @fires {VitrineHideEvent} vitrine-hide - From the drawer: it is about to close (`detail.source`; cancelable).
 * @fires {VitrineAfterHideEvent} vitrine-after-hide - From the drawer: it closed and focus is back on the button.
 */
export class VitrineCartButton extends VitrineElement {
  static override styles = [baseStyles, cartButtonStyles];

  // The drawer shows a configuration error; the button reports it once.
  private readonly cart = new CartController(this, { resolve: () => this.vitrine, report: (error) => this.report(error, 'cart') });

  /** The drawer is rendered once first opened: with the script tag, its code loads then. */
  @state() private drawerRequested = false;

  /** Opens the cart drawer. */
  async show(): Promise<void> {
    if (!(await requireElement('vitrine-cart'))) return;
    this.drawerRequested = true;
    await this.updateComplete;
    this.renderRoot.querySelector<VitrineCart>('vitrine-cart')?.show?.();
  }

  /** Closes the cart drawer. */
  hide(): void {
    this.renderRoot.querySelector<VitrineCart>('vitrine-cart')?.hide?.();
  }

  protected override render() {
    const count = this.cart.store?.count ?? 0;
    return html`<button part="button" type="button" aria-haspopup="dialog" aria-label=${this.msg('cartCount', { count })} @click=${this.show}>
        <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
          <circle cx="9" cy="20" r="1.5" />
          <circle cx="18" cy="20" r="1.5" />
          <path d="M2 3h3l2.6 12.4a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 7H6" />
        </svg>
        <span part="badge" class="badge" aria-hidden="true" ?hidden=${count === 0}>${count > 99 ? '99+' : formatCount(count, this.resolvedLocale)}</span>
      </button>
      ${this.drawerRequested
        ? html`<vitrine-cart
            drawer
            exportparts=${CART_BUTTON_CART_EXPORTPARTS}
            api=${ifDefined(this.api || undefined)}
            locale=${ifDefined(this.locale || undefined)}
            theme=${ifDefined(this.theme || undefined)}
          ></vitrine-cart>`
        : nothing}`;
  }
}
