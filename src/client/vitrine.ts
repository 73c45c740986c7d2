import * as z from 'zod/mini';
import { createClickLog, type ClickLog } from '../attribution/touches.js';
import { createClickId } from '../attribution/ids.js';
import { decorateLink } from '../attribution/links.js';
import { createDeferredEventQueue } from '../attribution/deferred-queue.js';
import { CONSENT_STATES, type Consent } from '../attribution/events.js';
import type { EventQueue } from '../attribution/queue.js';
import type { CheckoutHandOff, CheckoutPlan } from '../cart/checkout.js';
import type { CartStore } from '../cart/store.js';
import { UnsafeLinkError, VitrineError } from '../errors.js';
import { lazy } from '../internal/lazy.js';
import { defaultStorage } from '../internal/storage.js';
import { resolveLocale, type Locale } from '../i18n/locales.js';
import type { CartLine } from '../model/cart.js';
import type { ClickId } from '../model/attribution.js';
import { currentPage, isPlacement } from '../internal/page.js';
import type { Order } from '../model/order.js';
import type { Partner } from '../model/partner.js';
import type { Offer } from '../model/product.js';
import type { CardPayload } from '../model/recommendation.js';
import { HttpsUrl, int, oneOf } from '../model/common.js';
import { parse } from '../validate.js';
import { createCardsResource, type CardsResource } from './cards.js';
import { createHttp, type CallOptions } from './http.js';
import { ordersStreamUrl } from './order-streams.js';
import type { CreatorResource, OrdersResource, PartnersResource, ShowcaseResource } from './resources.js';

export { currentPage };

/** Options of `createVitrine`. Only `api` is required. */
export interface VitrineOptions {
  /**
   * Base URL of the Vitrine platform API, e.g. `https://api.vitrine.example`.
   * Must be https, except on loopback hosts (for local development).
   */
  api: string;
  /** Default creator id, used by elements that show a creator's showcase or stats. */
  creator?: string | undefined;
  /** `zh-CN`, `zh-TW` or `en`; any BCP 47 tag is mapped to the nearest. Default: the browser's language. */
  locale?: string | undefined;
  /**
   * Analytics consent. `granted` sends impressions and add-to-cart events;
   * `required` (default) holds them in memory until `setConsent('granted')`;
   * `denied` drops them. Click and checkout events, which attribute sales to the
   * creator, are always sent. Global Privacy Control counts as `denied` for analytics.
   */
  consent?: Consent | undefined;
  /** A `fetch` implementation (SSR, tests). Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Per-attempt request timeout in ms. Default 10 000. */
  timeout?: number | undefined;
  /** Retries for idempotent (GET) requests. Default 2. */
  retry?: number | undefined;
  /**
   * Largest response body the client reads, in bytes (1 KiB – 64 MiB). A larger
   * response fails with a `ResponseTooLargeError` (code `response_too_large`)
   * without being read further. Default `MAX_RESPONSE_BYTES` (2 MiB).
   */
  maxResponseBytes?: number | undefined;
  /** Storage for the cart, favourites, click log and pending events. Default `localStorage`; `null` keeps everything in memory. */
  storage?: Storage | null | undefined;
  /**
   * Called with errors that happen in the background: event delivery, storage,
   * and every list item dropped because it failed validation (a
   * `ValidationError` per malformed showcase card, order or partner) when the
   * call did not pass its own `onInvalidItem`.
   */
  onError?: ((error: VitrineError) => void) | undefined;
}

const OptionsSchema = z.object({
  api: HttpsUrl,
  creator: z.optional(z.string()),
  locale: z.optional(z.string()),
  consent: z.optional(oneOf(CONSENT_STATES)),
  timeout: z.optional(int(1)),
  retry: z.optional(int(0, 5)),
  maxResponseBytes: z.optional(int(1024, 64 * 1024 * 1024)),
});

/**
 * Where on the page an event comes from, for the creator's per-placement
 * breakdown: the card's `placement` attribute (`sidebar`, `post-footer`; checked
 * with `Placement`'s rule: an invalid one is left out of the event). The page itself
 * (origin + path) is added by the client to every impression, click and
 * add-to-cart event sent from a browser.
 */
export interface EventContext {
  placement?: string | undefined;
}

/** A partner link ready to be rendered as `<a href>`: decorated, checked, not yet clicked. */
export interface OfferLink {
  url: string;
  clickId: ClickId;
  partner: Partner;
  offer: Offer;
  recommendationId: string;
  creatorId: string;
  /**
   * The partner of the sold-out offer this link replaces (see `featuredOffer`):
   * set it before `recordClick` and the click event records the swap.
   */
  swappedFrom?: string | undefined;
  /** The placement of the card the link is on (see `EventContext`): set it before `recordClick` and the click event carries it. */
  placement?: string | undefined;
  /**
   * `redirect`: `url` is the platform's `/go/` redirect (see `redirectLink`),
   * which records the click itself; `recordClick` then only keeps the click id
   * in the local click log. `clickId` is empty when the link was rendered on
   * a server (the platform mints one).
   */
  via?: 'redirect' | undefined;
}

/** A Vitrine client: resources for every API endpoint plus the shopper-side state. */
export interface Vitrine {
  readonly api: string;
  readonly locale: Locale;
  readonly creator: string | undefined;
  readonly cards: CardsResource;
  readonly showcase: ShowcaseResource;
  readonly partners: PartnersResource;
  readonly orders: OrdersResource;
  /** Creator-only endpoints (stats, publishing); they take the creator's API key. */
  readonly creators: CreatorResource;
  /**
   * The event queue. Its delivery code is loaded with the first event (or when
   * an earlier page left events to send); until then events are validated and
   * kept, in storage when they may be sent.
   */
  readonly events: EventQueue;
  /**
   * The shopper's cart and favourites store, loaded (and created) on first use:
   * a page that never touches the cart never downloads its code. Every call
   * resolves to the same store.
   */
  loadCart(): Promise<CartStore>;
  readonly clicks: ClickLog;
  /**
   * Decorates `offer.url` with a fresh click id, the creator and the
   * recommendation. Throws `UnsafeLinkError` (code `unsafe_link`) when the URL is
   * not https or its host is not allow-listed for the offer's partner: render no link then.
   */
  offerLink(card: CardPayload, offer: Offer): OfferLink;
  /**
   * Records that the shopper followed `link`: a click event (with `swappedFrom`
   * when the link replaced a sold-out offer; none for a `redirect` link: the
   * platform records it), and the click id in the local click log.
   */
  recordClick(link: OfferLink): void;
  /**
   * Reports that a card was seen (analytics; subject to consent), with the page
   * and `context.placement`. Call it for a viewable impression only: the card at
   * least 50 % visible for at least 1 s, as `<vitrine-card>` does. On a
   * prerendered page, sent only once the page is activated.
   */
  trackImpression(card: CardPayload, context?: EventContext): void;
  /** Adds the offer to the cart (loading the cart first) and reports an add-to-cart event (with the page and `context.placement`). */
  addToCart(card: CardPayload, offer: Offer, quantity?: number, context?: EventContext): Promise<CartLine>;
  /** One decorated hand-off per partner shop in the cart, plus any group that cannot be handed off. */
  planCheckout(): Promise<CheckoutPlan>;
  /** Records a hand-off the shopper followed: a click event plus one checkout event per line. */
  recordCheckout(handOff: CheckoutHandOff): void;
  /** Orders attributed to this browser's clicks. */
  myOrders(options?: CallOptions): Promise<Order[]>;
  /** Changes analytics consent; see `VitrineOptions.consent`. */
  setConsent(consent: Consent): void;
  /** Stops timers and listeners and flushes pending events. */
  dispose(): void;
}

/**
 * Creates a Vitrine client. Validates `options` (a `ValidationError` with code
 * `config` names every problem). Creates no global state.
 *
 * @example
 * const vitrine = createVitrine({ api: 'https://api.vitrine.example', locale: 'zh-CN' });
 * const card = await vitrine.cards.get('rec-123');
 */
export function createVitrine(options: VitrineOptions): Vitrine {
  const checked = parse(OptionsSchema, { ...options, fetch: undefined, storage: undefined, onError: undefined }, 'createVitrine options', 'config');
  const api = checked.api.replace(/\/+$/, '');
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const onError = options.onError ?? (() => {});
  const http = createHttp({ api, fetch: options.fetch, timeout: checked.timeout ?? 10_000, retry: checked.retry ?? 2, maxResponseBytes: checked.maxResponseBytes });
  const cards = createCardsResource(http);
  // Everything but cards is loaded on first use: a card page downloads none of it.
  const resources = () => import('./resources.js');
  const showcase = lazy('showcase', async () => (await resources()).createShowcaseResource(http, cards, onError));
  const partners = lazy('partners', async () => (await resources()).createPartnersResource(http, onError));
  const orders = lazy('orders', async () => (await resources()).createOrdersResource(http, onError, api));
  const creators = lazy('creators', async () => (await resources()).createCreatorResource(http, api));
  const checkout = lazy('checkout', () => import('../cart/checkout.js'));
  let disposed = false;
  let cart: CartStore | undefined;
  const loadCart = lazy('cart', async () => {
    const store = (await import('../cart/store.js')).createCartStore({ storage });
    if (disposed) store.dispose();
    return (cart = store);
  });
  const events = createDeferredEventQueue({
    endpoint: `${api}/v1/events`,
    consent: checked.consent ?? 'required',
    storage,
    onError,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const clicks = createClickLog({ storage });
  const knownPartners = new Map<string, Partner>();

  const partnerOf = (card: CardPayload, offer: Offer): Partner => {
    const partner = card.partners.find((candidate) => candidate.id === offer.partnerId);
    if (!partner) throw new UnsafeLinkError(offer.url, `partner ${offer.partnerId} is not in the card's partner list`, offer.partnerId);
    knownPartners.set(partner.id, partner);
    return partner;
  };

  const base = (card: CardPayload) => ({ recommendationId: card.recommendation.id, creatorId: card.creator.id });
  /** `page` and a valid `placement`, for the per-placement breakdown. */
  const where = (context: EventContext | undefined) => {
    const page = currentPage();
    const placement = context?.placement;
    return { ...(page ? { page } : {}), ...(isPlacement(placement) ? { placement } : {}) };
  };

  return {
    api,
    locale: resolveLocale(checked.locale),
    creator: checked.creator,
    cards,
    showcase: {
      page: async (creatorId, pageOptions) => (await showcase()).page(creatorId, pageOptions),
      find: async (creatorId, productId, findOptions) => (await showcase()).find(creatorId, productId, findOptions),
      async *pages(creatorId, pagesOptions) {
        yield* (await showcase()).pages(creatorId, pagesOptions);
      },
      picks: async (creatorId, picksOptions) => (await showcase()).picks(creatorId, picksOptions),
    },
    partners: {
      list: async (callOptions) => (await partners()).list(callOptions),
      get: async (id, callOptions) => (await partners()).get(id, callOptions),
    },
    orders: {
      lookup: async (clickIds, callOptions) => (await orders()).lookup(clickIds, callOptions),
      streamUrl: (clickIds) => ordersStreamUrl(api, clickIds),
    },
    creators: {
      stats: async (creatorId, statsOptions) => (await creators()).stats(creatorId, statsOptions),
      statsStreamUrl: async (streamOptions) => (await creators()).statsStreamUrl(streamOptions),
      publish: async (input, publishOptions) => (await creators()).publish(input, publishOptions),
      preview: async (input, previewOptions) => (await creators()).preview(input, previewOptions),
    },
    events,
    loadCart,
    clicks,
    offerLink(card, offer) {
      const partner = partnerOf(card, offer);
      const clickId = createClickId();
      const url = decorateLink(offer.url, partner, { clickId, ...base(card) });
      return { url, clickId, partner, offer, ...base(card) };
    },
    recordClick(link) {
      // A redirect link's click is recorded by the platform when the browser follows it.
      const server = link.via === 'redirect';
      if (!server) {
        events.track({
          type: 'click',
          recommendationId: link.recommendationId,
          creatorId: link.creatorId,
          partnerId: link.partner.id,
          clickId: link.clickId,
          ...(link.swappedFrom ? { swappedFrom: link.swappedFrom } : {}),
          ...where(link),
        });
      }
      if (link.clickId) clicks.add(link.clickId, { partnerId: link.partner.id, recommendationId: link.recommendationId, at: new Date().toISOString() });
      if (!server) void events.flush();
    },
    trackImpression(card, context) {
      const impression = () => events.track({ type: 'impression', ...base(card), ...where(context) });
      // A prerendered page is not seen until the reader navigates to it: count it then, or never.
      if (typeof document !== 'undefined' && (document as { prerendering?: boolean }).prerendering) {
        document.addEventListener('prerenderingchange', impression, { once: true });
        return;
      }
      impression();
    },
    async addToCart(card, offer, quantity = 1, context) {
      const partner = partnerOf(card, offer);
      const image = card.product.images[0];
      const line = (await loadCart()).add({
        ...base(card),
        productId: card.product.id,
        partnerId: partner.id,
        offerUrl: offer.url,
        title: card.product.title,
        price: offer.price,
        quantity,
        ...(offer.sku ? { sku: offer.sku } : {}),
        ...(image ? { image } : {}),
      });
      events.track({ type: 'add_to_cart', ...base(card), partnerId: partner.id, quantity, ...(offer.sku ? { sku: offer.sku } : {}), ...where(context) });
      return line;
    },
    async planCheckout() {
      const [store, { planCheckout }] = await Promise.all([loadCart(), checkout()]);
      const groups = store.groups();
      const missing = groups.some((group) => !knownPartners.has(group.partnerId));
      const registry = missing ? await (await partners()).list().catch(() => [] as Partner[]) : [];
      for (const partner of registry) knownPartners.set(partner.id, partner);
      return planCheckout(groups, [...knownPartners.values()]);
    },
    recordCheckout(handOff) {
      const first = handOff.lines[0];
      if (!first) return;
      events.track({ type: 'click', recommendationId: first.recommendationId, creatorId: first.creatorId, partnerId: handOff.partnerId, clickId: handOff.clickId });
      for (const line of handOff.lines) {
        events.track({
          type: 'checkout',
          recommendationId: line.recommendationId,
          creatorId: line.creatorId,
          partnerId: handOff.partnerId,
          clickId: handOff.clickId,
          quantity: line.quantity,
          ...(line.sku ? { sku: line.sku } : {}),
        });
      }
      clicks.add(handOff.clickId, { partnerId: handOff.partnerId, recommendationId: first.recommendationId, at: new Date().toISOString() });
      void events.flush();
    },
    async myOrders(callOptions) {
      return (await orders()).lookup(clicks.list(), callOptions);
    },
    setConsent(consent) {
      events.setConsent(consent);
    },
    dispose() {
      disposed = true;
      void events.flush({ beacon: true });
      events.dispose();
      cart?.dispose();
    },
  };
}
