import { Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { isBuyable, partnerFor } from '../../src/client/offers.js';
import { isVitrineError, VitrineError } from '../../src/errors.js';
import type { CardPayload } from '../../src/model/recommendation.js';
import { VitrineOpenEvent } from '../events/vitrine-open.js';
import { renderIcon, renderImage } from '../shared/image.js';
import { OfferController } from '../shared/offer-controller.js';
import { priceStyles, renderOfferPrice } from '../shared/price.js';
import { baseStyles } from '../shared/styles.js';
import { VitrineElement } from '../shared/vitrine-element.js';
import { CARD_SHEET_EXPORTPARTS } from '../shared/parts.js';
import { cardStyles } from './card.styles.js';

/**
 * @tagname vitrine-card
 * @summary A shoppable product card: a creator's recommendation of a product,
 * bought at an allow-listed partner shop.
 *
 * Loads its data by recommendation id (`rec`) — every card on a page shares one
 * batched request — or takes it directly through the `card` property. Activating
 * the image or title opens the buy sheet. A card that fails shows its own error
 * state with a retry button and never affects the page or other cards.
 *
 * The buy button features the best offer (buyable, then cheapest) whose link is
 * https on one of its partner's allow-listed hosts; an unsafe offer is never
 * linked (and is reported as `unsafe_link`), and never hides a safe one. Image
 * `src` / `srcset` are rebuilt from parsed, checked URLs. Long unbreakable
 * strings wrap inside the card instead of widening it.
 *
 * @csspart card - The card frame (`<article>`).
 * @csspart image - The product image.
 * @csspart title - The product title (a button that opens the buy sheet).
 * @csspart reason - The creator's recommendation reason.
 * @csspart creator - Creator avatar, name and verified badge.
 * @csspart verified - The verified-creator badge.
 * @csspart price - The current price.
 * @csspart list-price - The struck-through list price.
 * @csspart stock - The stock state.
 * @csspart partner - The partner shop name.
 * @csspart disclosure - The advertising / commission disclosure label. Always shown when the creator earns commission.
 * @csspart buy - The buy link to the partner shop.
 * @csspart add-to-cart - The add-to-cart button.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error state.
 * @csspart retry - The retry button in the error state.
 *
 * @exportparts sheet- vitrine-buy-sheet - The parts of the buy sheet the card opens, prefixed `sheet-`: `vitrine-card::part(sheet-title)`.
 *
 * @dependency vitrine-buy-sheet
 *
 * @cssprop --vitrine-card-image-size - Image width in the compact layout. Default `96px`.
 * @cssprop --vitrine-card-max-width - Maximum card width. Default `560px`.
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
 * @fires {VitrineOpenEvent} vitrine-open - The card was activated; cancel it to replace the buy sheet.
 * @fires {VitrineClickEvent} vitrine-click - The shopper follows the buy link; cancel it to stop navigation.
 * @fires {VitrineAddToCartEvent} vitrine-add-to-cart - Before adding to the cart; cancel it to keep the cart unchanged.
 * @fires {VitrineErrorEvent} vitrine-error - Loading or an action failed; the card shows its error state.
 */
export class VitrineCard extends VitrineElement {
  static override styles = [baseStyles, priceStyles, cardStyles];

  private readonly loader = new Task(this, {
    args: () => [this.rec, this.card, this.product, this.creator] as const,
    task: async ([rec, card, product, creator], { signal }) => {
      let loaded = card;
      if (!loaded) {
        if (!rec && !(product && creator)) {
          throw this.report(new VitrineError('invalid_input', 'Set the rec attribute (a recommendation id), product and creator, or the card property.'), 'load-card');
        }
        try {
          loaded = rec ? await this.vitrine.cards.get(rec, { signal }) : await this.vitrine.showcase.find(creator, product, { signal });
        } catch (error) {
          if (isVitrineError(error, 'aborted')) throw error;
          throw this.report(error, 'load-card');
        }
      }
      this.offers.prepare(loaded);
      return loaded;
    },
  });
  /** Buy link (the best offer with a safe link), add to cart, fresh click ids. */
  private readonly offers = new OfferController(this, { client: () => this.vitrine, report: (error, action) => this.report(error, action) });
  private impressionObserver: IntersectionObserver | undefined;
  private impressionFor: string | undefined;
  private visible = false;

  @state() private expanded = false;
  @state() private sheetRequested = false;

  /** Recommendation id to load, e.g. `rec-123`. */
  @property({ reflect: true }) rec = '';

  /**
   * With `creator` and no `rec`: show this creator's recommendation of this
   * product (found in the creator's showcase). `rec` is faster: prefer it.
   */
  @property({ reflect: true }) product = '';

  /** With `product` and no `rec`: the creator whose recommendation to show. */
  @property({ reflect: true }) creator = '';

  /** `compact` (image beside text, the default) or `full` (large image, full reason). */
  @property({ reflect: true }) layout: 'compact' | 'full' = 'compact';

  /**
   * The outline level of the product title (1–6, default 3), so the card fits the
   * page's heading structure: use 2 under an `<h1>`, 4 under an `<h3>`, and so on.
   */
  @property({ attribute: 'heading-level', type: Number, reflect: true }) headingLevel = 3;

  /** The card data, for integrators who already have it; when set, nothing is fetched. */
  @property({ attribute: false }) card: CardPayload | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof IntersectionObserver === 'undefined') return;
    this.impressionObserver = new IntersectionObserver(
      (entries) => {
        this.visible = entries.some((entry) => entry.isIntersecting && entry.intersectionRatio >= 0.5);
        this.reportImpression();
      },
      { threshold: 0.5 },
    );
    this.impressionObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.impressionObserver?.disconnect();
    this.impressionObserver = undefined;
  }

  protected override configurationChanged(): void {
    if (!this.card) void this.loader.run();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.reportImpression();
  }

  /** The loaded card data, once available. */
  get data(): CardPayload | undefined {
    return this.loader.value;
  }

  /** Reloads the card (after an error, or to refresh prices). */
  reload(): void {
    const rec = this.card ? undefined : this.rec;
    if (rec) this.vitrine.cards.invalidate(rec);
    void this.loader.run();
  }

  /** Opens the buy sheet (fires a cancelable `vitrine-open` first). */
  async open(): Promise<void> {
    const card = this.loader.value;
    if (!card || !this.dispatchEvent(new VitrineOpenEvent({ card }))) return;
    this.sheetRequested = true;
    await this.updateComplete;
    const sheet = this.renderRoot.querySelector('vitrine-buy-sheet') as (HTMLElement & { card?: CardPayload; show?: () => void }) | null;
    if (sheet && customElements.get('vitrine-buy-sheet')) {
      sheet.card = card;
      sheet.show?.();
    }
  }

  private reportImpression(): void {
    const card = this.loader.value;
    if (!this.visible || !card || this.impressionFor === card.recommendation.id) return;
    this.impressionFor = card.recommendation.id;
    try {
      this.vitrine.trackImpression(card);
    } catch (error) {
      this.report(error, 'impression');
    }
  }

  private renderSkeleton() {
    return html`<article part="card skeleton" aria-busy="true" aria-label=${this.msg('loading')}>
      <div class="media skeleton"></div>
      <div class="body">
        <div class="skeleton skeleton-line sk-w85"></div>
        <div class="skeleton skeleton-line sk-w60"></div>
        <div class="skeleton sk-w95 sk-h3"></div>
        <div class="skeleton skeleton-line sk-w40"></div>
        <div class="skeleton sk-button"></div>
      </div>
    </article>`;
  }

  private renderCard(card: CardPayload) {
    const { product, creator, recommendation } = card;
    const offer = this.offers.best() ?? product.offers[0]!;
    const partner = partnerFor(card, offer);
    const link = this.offers.link(offer);
    const added = this.offers.isAdded(offer);
    const image = product.images[0];
    const avatar = creator.avatar;
    const long = recommendation.reason.length > (this.layout === 'full' ? 280 : 90);
    return html`<article part="card" aria-labelledby="title">
      ${image
        ? html`<button class="media" type="button" tabindex="-1" aria-hidden="true" @click=${() => this.open()}>
            ${renderImage(image, { part: 'image', sizes: this.layout === 'full' ? '(min-width: 480px) 200px, 100vw' : '96px' })}
          </button>`
        : nothing}
      <div class="body">
        ${recommendation.disclosure === 'none'
          ? nothing
          : html`<p part="disclosure" class="disclosure">${this.msg(`disclosure_${recommendation.disclosure}`)}</p>`}
        <div class="heading" id="title" role="heading" aria-level=${Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 3))}>
          <button part="title" class="title" type="button" aria-haspopup="dialog" @click=${() => this.open()}>${product.title}</button>
        </div>
        <p part="reason" id="reason" class="reason ${this.expanded ? '' : 'clamped'}">${recommendation.reason}</p>
        ${long
          ? html`<button class="more" type="button" aria-expanded=${this.expanded} aria-controls="reason" @click=${() => (this.expanded = !this.expanded)}>
              ${this.msg(this.expanded ? 'showLess' : 'readMore')}
            </button>`
          : nothing}
        <div part="creator" class="creator">
          ${renderIcon(avatar?.src, 24)}
          <span class="name">${this.msg('recommendedBy', { name: creator.name })}</span>
          ${creator.verified ? html`<span part="verified" class="verified" role="img" aria-label=${this.msg('verified')} title=${this.msg('verified')}>✔</span>` : nothing}
        </div>
        <div class="prices">
          ${renderOfferPrice(offer, this.resolvedLocale, (key) => this.msg(key))}
        </div>
        ${partner ? html`<span part="partner" class="partner">${this.msg('soldBy', { partner: partner.name })}</span>` : nothing}
        <div class="actions">
          ${this.offers.renderBuy(offer, partner, (key, params) => this.msg(key, params))}
          <button part="add-to-cart" type="button" ?disabled=${!link || !isBuyable(offer)} @click=${() => this.offers.addToCart(offer)}>
            ${this.msg(added ? 'addedToCart' : 'addToCart')}
          </button>
        </div>
        <span class="visually-hidden" role="status">${added ? this.msg('addedToCart') : ''}</span>
      </div>
    </article>
    ${this.sheetRequested
      ? html`<vitrine-buy-sheet exportparts=${CARD_SHEET_EXPORTPARTS} .card=${card} api=${ifDefined(this.api || undefined)} locale=${ifDefined(this.locale || undefined)} theme=${ifDefined(this.theme || undefined)}></vitrine-buy-sheet>`
      : nothing}`;
  }

  protected override render() {
    return this.loader.render({
      initial: () => this.renderSkeleton(),
      pending: () => this.renderSkeleton(),
      complete: (card) => this.renderCard(card),
      error: (error) => this.renderError(isVitrineError(error, 'config') ? error.message : this.msg('error'), () => this.reload()),
    });
  }
}
