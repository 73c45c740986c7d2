import * as z from 'zod/mini';
import { VitrineError } from '../errors.js';
import { ClickId } from '../model/attribution.js';
import { Id } from '../model/common.js';
import { MAX_LOOKUP_CLICK_IDS, OrdersLookup, type Order } from '../model/order.js';
import { Partner } from '../model/partner.js';
import { PublishRecommendation, Recommendation, CardPayload, ShowcasePage } from '../model/recommendation.js';
import { CreatorStats } from '../model/stats.js';
import { parse } from '../validate.js';
import type { CallOptions, Http } from './http.js';
import type { CardsResource } from './cards.js';

/** `GET /v1/creators/{id}/showcase`: a creator's recommendations, cursor-paginated. */
export interface ShowcaseResource {
  /** One page. Its cards are primed into the card cache. */
  page(creatorId: string, options?: CallOptions & { cursor?: string | null | undefined; limit?: number | undefined }): Promise<ShowcasePage>;
  /** Every page in order, fetched lazily as the iteration advances. */
  pages(creatorId: string, options?: CallOptions & { limit?: number }): AsyncGenerator<ShowcasePage, void, undefined>;
  /**
   * The creator's (newest) recommendation of a product, found in their showcase:
   * for `<vitrine-card product="…" creator="…">`. The showcase is scanned once
   * per creator (pages of 50, at most {@link MAX_FIND_PAGES}) and the result is
   * shared by every later and concurrent `find` for that creator; a failed scan
   * is retried by the next call. Rejects with `not_found` when the creator does
   * not recommend the product.
   */
  find(creatorId: string, productId: string, options?: CallOptions): Promise<CardPayload>;
}

/** Most showcase pages one `find` scans (50 recommendations each). */
export const MAX_FIND_PAGES = 10;

export function createShowcaseResource(http: Http, cards: CardsResource): ShowcaseResource {
  async function page(creatorId: string, options: CallOptions & { cursor?: string | null | undefined; limit?: number | undefined } = {}) {
    parse(Id, creatorId, 'creator id', 'invalid_input');
    const limit = options.limit ?? 12;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw new VitrineError('invalid_input', `limit must be an integer from 1 to 50, got ${limit}`);
    }
    const searchParams = new URLSearchParams({ limit: String(limit) });
    if (options.cursor) searchParams.set('cursor', options.cursor);
    const result = await http.json('get', `v1/creators/${encodeURIComponent(creatorId)}/showcase?${searchParams}`, ShowcasePage, {
      signal: options.signal,
    });
    for (const card of result.cards) cards.prime(card);
    return result;
  }
  const scans = new Map<string, Promise<Map<string, CardPayload>>>();
  const scan = (creatorId: string): Promise<Map<string, CardPayload>> => {
    let scanning = scans.get(creatorId);
    if (!scanning) {
      scanning = (async () => {
        const byProduct = new Map<string, CardPayload>();
        let cursor: string | null = null;
        for (let pageCount = 0; pageCount < MAX_FIND_PAGES; pageCount++) {
          const result: ShowcasePage = await page(creatorId, { cursor, limit: 50 });
          // Newest first: keep the first recommendation of each product.
          for (const card of result.cards) if (!byProduct.has(card.product.id)) byProduct.set(card.product.id, card);
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

  return {
    page,
    async find(creatorId, productId, options = {}) {
      parse(Id, creatorId, 'creator id', 'invalid_input');
      parse(Id, productId, 'product id', 'invalid_input');
      if (options.signal?.aborted) throw new VitrineError('aborted', 'find was aborted');
      const card = (await scan(creatorId)).get(productId);
      if (!card) throw new VitrineError('not_found', `Creator ${creatorId} has no recommendation of product ${productId}`);
      return card;
    },
    async *pages(creatorId, options = {}) {
      let cursor: string | null = null;
      do {
        const result: ShowcasePage = await page(creatorId, { ...options, cursor });
        yield result;
        cursor = result.nextCursor;
      } while (cursor);
    },
  };
}

/** `GET /v1/partners`: the partner registry, fetched once and cached. */
export interface PartnersResource {
  list(options?: CallOptions): Promise<Partner[]>;
  /** One partner by id; rejects with `not_found` for an unknown id. */
  get(id: string, options?: CallOptions): Promise<Partner>;
}

const PartnersResponse = z.object({ partners: z.array(Partner) });

export function createPartnersResource(http: Http): PartnersResource {
  let cached: Promise<Partner[]> | undefined;
  const list = (options: CallOptions = {}) => {
    if (!cached) {
      const request = http.json('get', 'v1/partners', PartnersResponse, { signal: options.signal }).then((body) => body.partners);
      cached = request;
      request.catch(() => {
        if (cached === request) cached = undefined;
      });
    }
    return cached;
  };
  return {
    list,
    async get(id, options) {
      const partner = (await list(options)).find((candidate) => candidate.id === id);
      if (!partner) throw new VitrineError('not_found', `Partner ${id} does not exist`);
      return partner;
    },
  };
}

/** `POST /v1/orders/lookup`: orders attributed to click ids (the click id is the capability). */
export interface OrdersResource {
  lookup(clickIds: readonly string[], options?: CallOptions): Promise<Order[]>;
}

export function createOrdersResource(http: Http): OrdersResource {
  return {
    async lookup(clickIds, options = {}) {
      const ids = [...new Set(clickIds)].slice(-MAX_LOOKUP_CLICK_IDS);
      for (const id of ids) parse(ClickId, id, 'click id', 'invalid_input');
      if (ids.length === 0) return [];
      const body = await http.json('post', 'v1/orders/lookup', OrdersLookup, { json: { clickIds: ids }, signal: options.signal });
      return body.orders;
    },
  };
}

/** Creator-only endpoints; they need the creator's API key. */
export interface CreatorResource {
  /** `GET /v1/creators/{id}/stats`. */
  stats(creatorId: string, options: CallOptions & { apiKey: string }): Promise<CreatorStats>;
  /**
   * `POST /v1/recommendations`: publishes a recommendation for a partner product
   * URL. `idempotencyKey` makes a retried publish safe (same key, same result).
   */
  publish(
    input: PublishRecommendation,
    options: CallOptions & { apiKey: string; idempotencyKey?: string },
  ): Promise<{ recommendation: Recommendation; card: CardPayload }>;
}

const Published = z.object({ recommendation: Recommendation, card: CardPayload });

export function createCreatorResource(http: Http): CreatorResource {
  const auth = (apiKey: string) => {
    if (typeof apiKey !== 'string' || apiKey.length < 16) throw new VitrineError('config', 'A creator API key (16+ characters) is required');
    return { authorization: `Bearer ${apiKey}` };
  };
  return {
    async stats(creatorId, options) {
      parse(Id, creatorId, 'creator id', 'invalid_input');
      return http.json('get', `v1/creators/${encodeURIComponent(creatorId)}/stats`, CreatorStats, {
        headers: auth(options.apiKey),
        signal: options.signal,
      });
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
