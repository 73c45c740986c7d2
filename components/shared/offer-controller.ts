import { html, type nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { createClickId } from '../../src/attribution/ids.js';
import { featuredOffer, isBuyable, type FeaturedOffer } from '../../src/client/offers.js';
import type { OfferLink, Vitrine } from '../../src/client/vitrine.js';
import type { VitrineError } from '../../src/errors.js';
import type { MessageKey } from '../../src/i18n/index.js';
import type { Partner } from '../../src/model/partner.js';
import type { Offer } from '../../src/model/product.js';
import type { CardPayload } from '../../src/model/recommendation.js';
import { redirectLink } from '../../src/share/offers.js';
import { VitrineAddToCartEvent } from '../events/vitrine-add-to-cart.js';
import { VitrineClickEvent } from '../events/vitrine-click.js';
import { renderPartnerLink } from './link.js';
import { inBrowser } from './vitrine-element.js';

/** Options of {@link OfferController}. */
export interface OfferControllerOptions {
  /** The host's client; throws a `config` error when none is configured. */
  client(): Vitrine;
  /** Reports an error as the host's `vitrine-error` event. */
  report(error: unknown, action: string): VitrineError;
  /**
   * The platform base URL whose `/go/` redirect the buy links go through (the
   * host's `redirect` attribute), or `''` for decorated partner links. Rendered
   * on a server, a redirect link carries no click id (the platform mints one).
   */
  redirect?(): string;
  /** The host's valid `placement`, sent with its clicks and add-to-cart events (see `EventContext`). */
  placement?(): string | undefined;
}

type Msg = (key: MessageKey, params?: Record<string, string>) => string;

/**
 * The shopper follows `link` (from any element): fires the cancelable
 * `vitrine-click` on `host` and, unless it was cancelled, records the click
 * (event + click log). Returns whether the navigation may go on. The caller
 * gives the link a fresh click id afterwards.
 */
export function followLink(host: HTMLElement, client: () => Vitrine | undefined, link: OfferLink, report: (error: unknown, action: string) => unknown): boolean {
  const { url, clickId, partner, recommendationId, creatorId, swappedFrom } = link;
  if (!host.dispatchEvent(new VitrineClickEvent({ url, clickId, partnerId: partner.id, recommendationId, creatorId, ...(swappedFrom ? { swappedFrom } : {}) }))) return false;
  try {
    client()?.recordClick(link);
  } catch (error) {
    report(error, 'click');
  }
  return true;
}

/** How long "Added to cart" stays on an add-to-cart button. */
const ADDED_MS = 2000;

/**
 * The buy and add-to-cart behaviour of every element that sells a card's
 * offers (`<vitrine-card>`, `<vitrine-buy-sheet>`), written once:
 *
 * - one decorated partner link per offer, each with its own fresh click id;
 *   an unsafe link (not https, host not allow-listed) is never rendered and is
 *   reported (`unsafe_link`) once per card;
 * - {@link featured}: the offer the buy button sells (`featuredOffer` over the
 *   offers with a safe link): the creator's shop while it is in stock, else
 *   the best in-stock allow-listed offer (a swap), else the sold-out state;
 * - {@link buy} / {@link follow}: fire the cancelable `vitrine-click` (with
 *   `swappedFrom` for a swap), record the click, and after the navigation give
 *   that link a fresh click id;
 * - {@link addToCart}: fires the cancelable `vitrine-add-to-cart`, adds the
 *   offer (loading the cart store on first use), and marks it "added" for two seconds.
 */
export class OfferController implements ReactiveController {
  /** The card whose offers are prepared. */
  card: CardPayload | undefined;

  private links = new Map<Offer, OfferLink | undefined>();
  private chosen: FeaturedOffer | undefined;
  private added: Offer | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: OfferControllerOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.added = undefined;
  }

  /** Decorates every offer of `card` with a fresh click id; reports the unsafe ones (once per card); picks the featured offer. */
  prepare(card: CardPayload): void {
    // The same card prepared again (given data, then its task) gets fresh click ids, reported once.
    const report = card !== this.card;
    this.card = card;
    this.added = undefined;
    this.links = new Map(card.product.offers.map((offer) => [offer, this.decorate(card, offer, report)]));
    this.chosen = featuredOffer(card, (offer) => this.links.get(offer) !== undefined);
  }

  /** The decorated link of `offer`; `undefined` when it is unsafe (render no link then). */
  link(offer: Offer): OfferLink | undefined {
    return this.links.get(offer);
  }

  /** What the card features (see `featuredOffer`); `undefined` before `prepare`. */
  featured(): FeaturedOffer | undefined {
    return this.chosen;
  }

  /** Whether `offer` was just added to the cart (for the button's "Added" state). */
  isAdded(offer: Offer): boolean {
    return this.added === offer;
  }

  /**
   * The buy link of `offer` (part `buy`): "Buy" in the locale and the shop's
   * name beside it (part `partner`, cut with an ellipsis when long: the link's
   * text, its accessible name, keeps it whole; "Buy at {shop}" is the tooltip).
   * With `showShop: false` (the sheet's offer rows, which name the shop) the
   * name is only read, not shown. A sold-out offer
   * is never a link: a disabled "Sold out" in its place; an unsafe one shows
   * the "no link" note.
   */
  renderBuy(offer: Offer, partner: Partner | undefined, msg: Msg, { showShop = true }: { showShop?: boolean } = {}): TemplateResult | typeof nothing {
    const link = this.links.get(offer);
    if (!link) return html`<span part="buy" class="no-link">${msg('noLink')}</span>`;
    if (!isBuyable(offer)) return html`<span part="buy" class="button primary sold-out" aria-disabled="true">${msg('soldOut')}</span>`;
    const name = partner?.name;
    const content = html`<span class="cta">${msg('buy')}</span>${name
      ? showShop
        ? html`<span part="partner" class="shop">${name}</span>`
        : html`<span class="visually-hidden"> · ${name}</span>`
      : ''}`;
    return renderPartnerLink('buy', 'button primary buy', link.url, content, (event) => this.buy(event, offer), name ? msg('buyAt', { partner: name }) : msg('buy'));
  }

  /** The buy link's `click` / `auxclick` handler for `offer`. */
  buy(event: MouseEvent, offer: Offer): void {
    if (event.type === 'auxclick' && event.button !== 1) return;
    if (!this.follow(offer)) event.preventDefault();
  }

  /**
   * The shopper leaves for `offer`'s shop by any path (the buy link, "open in
   * browser", a copied link): fires the cancelable `vitrine-click`, records the
   * click and returns the link that was followed; after this task the offer
   * gets a fresh click id. `undefined` when the offer has no safe link or the
   * host cancelled the event (nothing is recorded then).
   */
  follow(offer: Offer): OfferLink | undefined {
    const current = this.links.get(offer);
    if (!current) return undefined;
    const swappedFrom = this.chosen?.offer === offer ? this.chosen.swappedFrom?.partnerId : undefined;
    const link: OfferLink = swappedFrom ? { ...current, swappedFrom } : current;
    if (!followLink(this.host, () => this.options.client(), link, (error, action) => this.options.report(error, action))) return undefined;
    // The next click on this link gets a fresh click id. Deferred to a new task:
    // the browser reads href after this handler returns.
    this.later(0, () => {
      const card = this.card;
      if (card && this.links.get(offer) === current) this.links.set(offer, this.decorate(card, offer, false));
    });
    return link;
  }

  /**
   * Adds `offer` to the cart (after a cancelable `vitrine-add-to-cart`; the
   * cart store is loaded on the first add); resolves true when it was added.
   */
  async addToCart(offer: Offer): Promise<boolean> {
    const card = this.card;
    if (!card || !this.host.dispatchEvent(new VitrineAddToCartEvent({ card, offer, quantity: 1 }))) return false;
    try {
      await this.options.client().addToCart(card, offer, 1, { placement: this.options.placement?.() });
    } catch (error) {
      this.options.report(error, 'add-to-cart');
      return false;
    }
    if (this.card !== card || !this.host.isConnected) return false;
    this.added = offer;
    this.host.requestUpdate();
    this.later(ADDED_MS, () => {
      if (this.added === offer) this.added = undefined;
    });
    return true;
  }

  private decorate(card: CardPayload, offer: Offer, report = true): OfferLink | undefined {
    try {
      const redirect = this.options.redirect?.();
      if (redirect) return redirectLink(card, offer, redirect, inBrowser() ? createClickId() : undefined);
      const link = this.options.client().offerLink(card, offer);
      const placement = this.options.placement?.();
      return placement ? { ...link, placement } : link;
    } catch (error) {
      if (report) this.options.report(error, 'link');
      return undefined;
    }
  }

  /** A timer owned by the host: cleared when it disconnects; the host re-renders after it. */
  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
      this.host.requestUpdate();
    }, ms);
    this.timers.add(timer);
  }
}
