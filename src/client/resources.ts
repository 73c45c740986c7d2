import * as z from 'zod/mini';
import { VitrineError, type ValidationError } from '../errors.js';
import { checkEach } from '../internal/list.js';
import { Id, upTo } from '../model/common.js';
import { Creator } from '../model/creator.js';
import { Order } from '../model/order.js';
import { Partner } from '../model/partner.js';
import { PublishOutcome, PublishRecommendation, Recommendation, CardPayload, type ShowcasePage } from '../model/recommendation.js';
import { CreatorStats, MAX_STATS_RANGE_DAYS, StatsRangeQuery } from '../model/stats.js';
import { parse } from '../validate.js';
import type { CallOptions, Http } from './http.js';
import { MAX_FIND_PAGES, type CardsResource } from './cards.js';
import { featuredOffer } from './offers.js';
import { lookupClickIds, ordersStreamUrl } from './order-streams.js';

/**
 * One showcase page as the client returns it: the valid cards, and one
 * `ValidationError` per card that was dropped because it failed validation
 * (each also reported to `onInvalidItem` / `onError`).
 */
export interface ShowcasePageResult extends ShowcasePage {
  dropped: ValidationError[];
}

/** `GET /v1/creators/{id}/showcase`: a creator's recommendations, cursor-paginated. */
export interface ShowcaseResource {
  /**
   * One page. Its cards are validated one by one: a malformed card is dropped
   * (listed in `dropped` and reported), never the page. Valid cards are primed
   * into the card cache.
   */
  page(creatorId: string, options?: CallOptions & { cursor?: string | null | undefined; limit?: number | undefined }): Promise<ShowcasePageResult>;
  /** Every page in order, fetched lazily as the iteration advances. */
  pages(creatorId: string, options?: CallOptions & { limit?: number }): AsyncGenerator<ShowcasePageResult, void, undefined>;
  /**
   * The creator's (newest) recommendation of a product, found in their showcase:
   * for `<vitrine-card product="…" creator="…">`. The showcase is scanned once
   * per creator (pages of 50, at most {@link MAX_FIND_PAGES}) and the result is
   * shared by every later and concurrent `find` for that creator; a failed scan
   * is retried by the next call. Rejects with `not_found` when the creator does
   * not recommend the product, and with the card's `ValidationError` when the
   * newest recommendation of the product is malformed (other products are unaffected).
   */
  find(creatorId: string, productId: string, options?: CallOptions): Promise<CardPayload>;
  /**
   * The creator's other picks: up to `limit` (default 3) of their newest
   * recommendations that can be bought now, leaving out `exclude` (a
   * recommendation id) and products nobody sells. For a sold-out card's
   * "other picks". One first showcase page (12 cards) per creator is fetched
   * and shared by every call; a failed fetch is retried by the next call.
   */
  picks(creatorId: string, options?: { exclude?: string | undefined; limit?: number | undefined }): Promise<CardPayload[]>;
}

export { MAX_FIND_PAGES };

/** Reports one dropped list item: to the call's `onInvalidItem`, else to the client's `onError`. */
type Report = (error: ValidationError) => void;

/** A list response as it arrives: items are validated one by one, so one bad item never costs the list. */
const list = <K extends string>(key: K) => z.object({ [key]: z.array(z.unknown()) } as Record<K, z.ZodMiniArray<z.ZodMiniUnknown>>);
const ShowcaseWire = z.object({ creator: Creator, cards: z.array(z.unknown()), nextCursor: z.nullable(upTo(200)) });
const cardId = (item: unknown) => (item as { recommendation?: { id?: unknown } } | null)?.recommendation?.id;

export function createShowcaseResource(http: Http, cards: CardsResource, onError: Report = () => {}): ShowcaseResource {
  type PageOptions = CallOptions & { cursor?: string | null | undefined; limit?: number | undefined };
  const page = async (creatorId: string, options: PageOptions = {}): Promise<ShowcasePageResult> => (await fetchPage(creatorId, options)).result;
  async function fetchPage(creatorId: string, options: PageOptions) {
    parse(Id, creatorId, 'creator id', 'invalid_input');
    const limit = options.limit ?? 12;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw new VitrineError('invalid_input', `limit must be an integer from 1 to 50, got ${limit}`);
    }
    const searchParams = new URLSearchParams({ limit: String(limit) });
    if (options.cursor) searchParams.set('cursor', options.cursor);
    const path = `v1/creators/${encodeURIComponent(creatorId)}/showcase`;
    const wire = await http.json('get', `${path}?${searchParams}`, ShowcaseWire, { signal: options.signal });
    const checked = checkEach(CardPayload, wire.cards, `GET /${path}`, ['cards'], cardId);
    for (const error of checked.dropped) (options.onInvalidItem ?? onError)(error);
    for (const card of checked.items) cards.prime(card);
    const result: ShowcasePageResult = { creator: wire.creator, cards: checked.items, nextCursor: wire.nextCursor, dropped: checked.dropped };
    return { result, droppedItems: checked.droppedItems };
  }
  /** Product id → the newest valid card, or the error of the newest card that had to be dropped. */
  const scans = new Map<string, Promise<Map<string, CardPayload | ValidationError>>>();
  const scan = (creatorId: string): Promise<Map<string, CardPayload | ValidationError>> => {
    let scanning = scans.get(creatorId);
    if (!scanning) {
      scanning = (async () => {
        const byProduct = new Map<string, CardPayload | ValidationError>();
        let cursor: string | null = null;
        for (let pageCount = 0; pageCount < MAX_FIND_PAGES; pageCount++) {
          const { result, droppedItems } = await fetchPage(creatorId, { cursor, limit: 50 });
          // Newest first: keep the first recommendation of each product. A malformed
          // card is reported (onError) and answers `find` for its product, when its
          // product id can be read; it never hides the creator's other products.
          for (const card of result.cards) if (!byProduct.has(card.product.id)) byProduct.set(card.product.id, card);
          result.dropped.forEach((error, index) => {
            const productId = (droppedItems[index] as { product?: { id?: unknown } } | null)?.product?.id;
            if (typeof productId === 'string' && !byProduct.has(productId)) byProduct.set(productId, error);
          });
          cursor = result.nextCursor;
          if (!cursor) break;
        }
        return byProduct;
      })();
      scans.set(creatorId, scanning);
      scanning.catch(() => {
        if (scans.get(creatorId) === scanning) scans.delete(creatorId);
      });
    }
    return scanning;
  };

  const firstPages = new Map<string, Promise<CardPayload[]>>();
  return {
    page,
    async picks(creatorId, { exclude, limit = 3 } = {}) {
      let first = firstPages.get(creatorId);
      if (!first) {
        first = page(creatorId, { limit: 12 }).then((result) => result.cards);
        firstPages.set(creatorId, first);
        first.catch(() => {
          if (firstPages.get(creatorId) === first) firstPages.delete(creatorId);
        });
      }
      const cards = await first;
      return cards.filter((card) => card.recommendation.id !== exclude && !featuredOffer(card).soldOut).slice(0, limit);
    },
    async find(creatorId, productId, options = {}) {
      parse(Id, creatorId, 'creator id', 'invalid_input');
      parse(Id, productId, 'product id', 'invalid_input');
      if (options.signal?.aborted) throw new VitrineError('aborted', 'find was aborted');
      const card = (await scan(creatorId)).get(productId);
      if (!card) throw new VitrineError('not_found', `Creator ${creatorId} has no recommendation of product ${productId}`);
      if (card instanceof VitrineError) throw card;
      return card;
    },
    async *pages(creatorId, options = {}) {
      let cursor: string | null = null;
      do {
        const result: ShowcasePageResult = await page(creatorId, { ...options, cursor });
        yield result;
        cursor = result.nextCursor;
      } while (cursor);
    },
  };
}

/** `GET /v1/partners`: the partner registry, fetched once and cached. */
export interface PartnersResource {
  /** The registry, each partner validated on its own: a malformed entry is dropped and reported (`onInvalidItem` / `onError`). */
  list(options?: CallOptions): Promise<Partner[]>;
  /** One partner by id; rejects with `not_found` for an unknown id. */
  get(id: string, options?: CallOptions): Promise<Partner>;
}

const PartnersWire = list('partners');

export function createPartnersResource(http: Http, onError: Report = () => {}): PartnersResource {
  let cached: Promise<Partner[]> | undefined;
  const all = (options: CallOptions = {}) => {
    if (!cached) {
      const request = http.json('get', 'v1/partners', PartnersWire, { signal: options.signal }).then((body) => {
        const checked = checkEach(Partner, body.partners, 'GET /v1/partners', ['partners']);
        for (const error of checked.dropped) (options.onInvalidItem ?? onError)(error);
        return checked.items;
      });
      cached = request;
      request.catch(() => {
        if (cached === request) cached = undefined;
      });
    }
    return cached;
  };
  return {
    list: all,
    async get(id, options) {
      const partner = (await all(options)).find((candidate) => candidate.id === id);
      if (!partner) throw new VitrineError('not_found', `Partner ${id} does not exist`);
      return partner;
    },
  };
}

/** `POST /v1/orders/lookup`: orders attributed to click ids (the click id is the capability). */
export interface OrdersResource {
  /** The orders, each validated on its own: a malformed order is dropped and reported (`onInvalidItem` / `onError`). */
  lookup(clickIds: readonly string[], options?: CallOptions): Promise<Order[]>;
  /**
   * The `GET /v1/stream/orders` URL for these click ids (the latest 50): a
   * Server-Sent Events stream whose `orders` events say the orders changed
   * (`{ orders }`, the lookup's answer). `null` without click ids.
   */
  streamUrl(clickIds: readonly string[]): string | null;
}

const OrdersWire = list('orders');

export function createOrdersResource(http: Http, onError: Report = () => {}, api = ''): OrdersResource {
  return {
    streamUrl: (clickIds) => ordersStreamUrl(api, clickIds),
    async lookup(clickIds, options = {}) {
      const ids = lookupClickIds(clickIds);
      if (ids.length === 0) return [];
      const body = await http.json('post', 'v1/orders/lookup', OrdersWire, { json: { clickIds: ids }, signal: options.signal });
      const checked = checkEach(Order, body.orders, 'POST /v1/orders/lookup', ['orders']);
      for (const error of checked.dropped) (options.onInvalidItem ?? onError)(error);
      return checked.items;
    },
  };
}

/** Creator-only endpoints; they need the creator's API key. */
export interface CreatorResource {
  /**
   * `GET /v1/creators/{id}/stats`. Without `range`: all time, per recommendation
   * only. With `range` (`{ from, to, bucket, timeZone }`, validated before any
   * request: a `ValidationError` with code `invalid_input` otherwise): that
   * range's per-recommendation rows, its `series` (one point per bucket,
   * empty buckets included), the per-placement breakdown and the `filtered`
   * invalid traffic. An older platform may answer without them.
   *
   * @example
   * const week = await vitrine.creators.stats('creator-lin', {
   *   apiKey,
   *   range: { from: '2026-11-24T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', bucket: 'day', timeZone: 'Asia/Shanghai' },
   * });
   */
  stats(creatorId: string, options: CallOptions & { apiKey: string; range?: StatsRangeQuery | undefined }): Promise<CreatorStats>;
  /**
   * `POST /v1/stream/tokens` then the `GET /v1/stream/stats` URL for the
   * key's creator: a Server-Sent Events stream whose `stats` events carry the
   * stats as they change. The URL holds a token valid for 5 minutes (to open
   * the stream; an open stream stays open), never the key. With `range`, the
   * events carry that range's stats (as `stats({ range })`).
   */
  statsStreamUrl(options: CallOptions & { apiKey: string; range?: StatsRangeQuery | undefined }): Promise<string>;
  /**
   * `POST /v1/recommendations`: publishes a recommendation for a partner product
   * URL; the card sells at that URL's shop, the product's other offers listed
   * as alternatives. A creator has one recommendation of a product at a shop:
   * publishing the same reason again returns it (`outcome: 'existing'`),
   * another reason or disclosure edits it in place (`'updated'`, same id), else
   * it is `'created'`. `idempotencyKey` makes a retried request safe too
   * (same key, same result).
   */
  publish(
    input: PublishRecommendation,
    options: CallOptions & { apiKey: string; idempotencyKey?: string },
  ): Promise<{ recommendation: Recommendation; card: CardPayload; outcome: PublishOutcome }>;
  /**
   * `POST /v1/recommendations/preview`: what `publish` would do, nothing
   * stored: the same checks (allow-list, catalog), the card as it would look
   * (its recommendation id is the existing one, or `preview`), and the
   * `outcome` publishing would have. For a composer's live preview.
   */
  preview(input: PublishRecommendation, options: CallOptions & { apiKey: string }): Promise<{ card: CardPayload; outcome: PublishOutcome }>;
}

const Published = z.object({ recommendation: Recommendation, card: CardPayload, outcome: z._default(PublishOutcome, 'created') });
const Previewed = z.object({ card: CardPayload, outcome: PublishOutcome });

const StreamToken = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)), expiresAt: z.string() });

/**
 * The query string of a stats range (`from`, `to`, `bucket`, `tz`), checked as the
 * platform checks it: `from` before `to`, within the bucket's longest range.
 * Throws a `ValidationError` / `VitrineError` with code `invalid_input`.
 */
export function statsRangeParams(range: StatsRangeQuery): URLSearchParams {
  const checked = parse(StatsRangeQuery, range, 'stats range', 'invalid_input');
  const from = Date.parse(checked.from);
  const to = Date.parse(checked.to);
  if (checked.timeZone !== undefined && !/^[A-Za-z][\w+/-]{0,63}$/.test(checked.timeZone)) throw new VitrineError('invalid_input', `stats range: "${checked.timeZone}" is not an IANA time zone name`);
  if (!(from < to)) throw new VitrineError('invalid_input', `stats range: "from" (${checked.from}) must be before "to" (${checked.to})`);
  const days = MAX_STATS_RANGE_DAYS[checked.bucket];
  if (to - from > days * 86_400_000) throw new VitrineError('invalid_input', `stats range: a range by the ${checked.bucket} may span at most ${days} days`);
  return new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket: checked.bucket, tz: checked.timeZone ?? 'UTC' });
}

export function createCreatorResource(http: Http, api = ''): CreatorResource {
  const auth = (apiKey: string) => {
    if (typeof apiKey !== 'string' || apiKey.length < 16) throw new VitrineError('config', 'A creator API key (16+ characters) is required');
    return { authorization: `Bearer ${apiKey}` };
  };
  return {
    async stats(creatorId, options) {
      parse(Id, creatorId, 'creator id', 'invalid_input');
      const query = options.range ? `?${statsRangeParams(options.range)}` : '';
      return http.json('get', `v1/creators/${encodeURIComponent(creatorId)}/stats${query}`, CreatorStats, {
        headers: auth(options.apiKey),
        signal: options.signal,
      });
    },
    async statsStreamUrl(options) {
      const query = options.range ? `&${statsRangeParams(options.range)}` : '';
      const { token } = await http.json('post', 'v1/stream/tokens', StreamToken, { headers: auth(options.apiKey), signal: options.signal });
      return `${api}/v1/stream/stats?token=${encodeURIComponent(token)}${query}`;
    },
    async preview(input, options) {
      const body = parse(PublishRecommendation, input, 'recommendation', 'invalid_input');
      return http.json('post', 'v1/recommendations/preview', Previewed, { json: body, headers: auth(options.apiKey), signal: options.signal });
    },
    async publish(input, options) {
      const body = parse(PublishRecommendation, input, 'recommendation', 'invalid_input');
      return http.json('post', 'v1/recommendations', Published, {
        json: body,
        headers: { ...auth(options.apiKey), ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}) },
        signal: options.signal,
      });
    },
  };
}
