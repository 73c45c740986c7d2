import { html, type nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { rankOffers } from '../../src/client/offers.js';
import type { OfferLink, Vitrine } from '../../src/client/vitrine.js';
import type { VitrineError } from '../../src/errors.js';
import type { MessageKey } from '../../src/i18n/index.js';
import type { Partner } from '../../src/model/partner.js';
import type { Offer } from '../../src/model/product.js';
import type { CardPayload } from '../../src/model/recommendation.js';
import { VitrineAddToCartEvent } from '../events/vitrine-add-to-cart.js';
import { VitrineClickEvent } from '../events/vitrine-click.js';
import { renderPartnerLink } from './link.js';

/** Options of {@link OfferController}. */
export interface OfferControllerOptions {
  /** The host's client; throws a `config` error when none is configured. */
  client(): Vitrine;
  /** Reports an error as the host's `vitrine-error` event. */
  report(error: unknown, action: string): VitrineError;
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
 * - {@link best}: the best offer with a safe link, so an unsafe cheaper offer
 *   never removes the buy button while a safe one exists;
 * - {@link buy}: fires the cancelable `vitrine-click`, records the click, and
 *   after the navigation gives that link a fresh click id;
 * - {@link addToCart}: fires the cancelable `vitrine-add-to-cart`, adds the
 *   offer, and marks it "added" for two seconds.
 */
export class OfferController implements ReactiveController {
  /** The card whose offers are prepared. */
  card: CardPayload | undefined;

  private links = new Map<Offer, OfferLink | undefined>();
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

  /** Decorates every offer of `card` with a fresh click id; reports the unsafe ones. */
  prepare(card: CardPayload): void {
    this.card = card;
    this.added = undefined;
    this.links = new Map(card.product.offers.map((offer) => [offer, this.decorate(card, offer)]));
  }

  /** The decorated link of `offer`; `undefined` when it is unsafe (render no link then). */
  link(offer: Offer): OfferLink | undefined {
    return this.links.get(offer);
  }

  /** The offer to feature: the best ranked one with a safe link, else the best ranked one (shown without a link). */
  best(): Offer | undefined {
    if (!this.card) return undefined;
    const ranked = rankOffers(this.card);
    return ranked.find((offer) => this.links.get(offer)) ?? ranked[0];
  }

  /** Whether `offer` was just added to the cart (for the button's "Added" state). */
  isAdded(offer: Offer): boolean {
    return this.added === offer;
  }

  /** The buy link of `offer` (part `buy`), or, when its link is unsafe, the "no link" note in its place. */
  renderBuy(offer: Offer, partner: Partner | undefined, msg: (key: MessageKey, params?: Record<string, string>) => string): TemplateResult | typeof nothing {
    const link = this.links.get(offer);
    if (!link) return html`<span part="buy" class="no-link">${msg('noLink')}</span>`;
    return renderPartnerLink('buy', 'button primary', link.url, partner ? msg('buyAt', { partner: partner.name }) : msg('buy'), (event) => this.buy(event, offer));
  }

  /** The buy link's `click` / `auxclick` handler for `offer`. */
  buy(event: MouseEvent, offer: Offer): void {
    if (event.type === 'auxclick' && event.button !== 1) return;
    const link = this.links.get(offer);
    if (!link) return;
    const { url, clickId, partner, recommendationId, creatorId } = link;
    if (!this.host.dispatchEvent(new VitrineClickEvent({ url, clickId, partnerId: partner.id, recommendationId, creatorId }))) {
      event.preventDefault();
      return;
    }
    try {
      this.options.client().recordClick(link);
    } catch (error) {
      this.options.report(error, 'click');
    }
    // The next click on this link gets a fresh click id. Deferred to a new task:
    // the browser reads href after this handler returns.
    this.later(0, () => {
      const card = this.card;
      if (card && this.links.get(offer) === link) this.links.set(offer, this.decorate(card, offer, false));
    });
  }

  /** Adds `offer` to the cart (after a cancelable `vitrine-add-to-cart`); true when it was added. */
  addToCart(offer: Offer): boolean {
    const card = this.card;
    if (!card || !this.host.dispatchEvent(new VitrineAddToCartEvent({ card, offer, quantity: 1 }))) return false;
    try {
      this.options.client().addToCart(card, offer, 1);
    } catch (error) {
      this.options.report(error, 'add-to-cart');
      return false;
    }
    this.added = offer;
    this.host.requestUpdate();
    this.later(ADDED_MS, () => {
      if (this.added === offer) this.added = undefined;
    });
    return true;
  }

  private decorate(card: CardPayload, offer: Offer, report = true): OfferLink | undefined {
    try {
      return this.options.client().offerLink(card, offer);
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
