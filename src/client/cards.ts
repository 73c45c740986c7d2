import { RequestError, ValidationError, VitrineError } from '../errors.js';
import { Id } from '../model/common.js';
import { CardPayload, CardsResponse, MAX_CARDS_PER_REQUEST, ShareInfo } from '../model/recommendation.js';
import { parse } from '../validate.js';
import type { CallOptions, Http } from './http.js';

export { MAX_CARDS_PER_REQUEST };

/** Most showcase pages `showcase.find` scans (50 recommendations each). */
export const MAX_FIND_PAGES = 10;

export interface CardsResource {
  /**
   * Resolves one card. Every `get` made in the same tick is sent as a single
   * `GET /v1/cards?ids=…` (de-duplicated, split by `MAX_CARDS_PER_REQUEST`, 100); results are cached, and a
   * failed id is evicted so that calling `get` again retries it. Each card is
   * validated on its own: one malformed card never fails the others.
   * Aborting `signal` only detaches this caller from the shared request.
   */
  get(id: string, options?: CallOptions): Promise<CardPayload>;
  /** Resolves several cards; settles per id like `Promise.allSettled`. */
  getMany(ids: readonly string[], options?: CallOptions): Promise<Array<PromiseSettledResult<CardPayload>>>;
  /** Seeds the cache with a card obtained elsewhere (e.g. a showcase page). */
  prime(card: CardPayload): void;
  /**
   * The card, if it is already loaded (or primed): synchronously, without a
   * request. Elements use it to render a card whose data arrived before their
   * code did in one go, without a loading state first.
   */
  peek(id: string): CardPayload | undefined;
  /** Forgets one cached card, or all of them. */
  invalidate(id?: string): void;
  /** The share page, share code and QR code of a recommendation (`GET /v1/cards/{id}/share`; the code never changes). */
  share(id: string, options?: CallOptions): Promise<ShareInfo>;
}

interface Waiter {
  resolve(card: CardPayload): void;
  reject(error: VitrineError): void;
}

export function createCardsResource(http: Http): CardsResource {
  const cache = new Map<string, Promise<CardPayload>>();
  /** The settled values of `cache`, for `peek`. */
  const loaded = new Map<string, CardPayload>();
  let pending = new Map<string, Waiter>();
  let scheduled = false;

  function flush(): void {
    const batch = pending;
    pending = new Map();
    scheduled = false;
    const ids = [...batch.keys()];
    for (let start = 0; start < ids.length; start += MAX_CARDS_PER_REQUEST) {
      void fetchChunk(ids.slice(start, start + MAX_CARDS_PER_REQUEST), batch);
    }
  }

  async function fetchChunk(ids: string[], waiters: Map<string, Waiter>): Promise<void> {
    const settle = (id: string, outcome: CardPayload | VitrineError) => {
      const waiter = waiters.get(id);
      waiters.delete(id);
      if (!waiter) return;
      if (outcome instanceof VitrineError) waiter.reject(outcome);
      else waiter.resolve(outcome);
    };
    try {
      // Search params are built by hand: ids are validated, so no escaping is needed,
      // and commas stay readable in logs and caches.
      const response = await http.json('get', `v1/cards?ids=${ids.join(',')}`, CardsResponse);
      for (const raw of response.cards) {
        const id = (raw as { recommendation?: { id?: unknown } } | null)?.recommendation?.id;
        if (typeof id !== 'string' || !waiters.has(id)) continue;
        try {
          settle(id, parse(CardPayload, raw, `GET /v1/cards (card ${id})`));
        } catch (error) {
          settle(id, error as VitrineError);
        }
      }
      for (const id of response.missing) settle(id, new VitrineError('not_found', `Card ${id} does not exist`));
      for (const id of [...waiters.keys()]) {
        if (ids.includes(id)) settle(id, new ValidationError('GET /v1/cards', [{ message: `card ${id} is missing from the response`, path: ['cards'] }]));
      }
    } catch (error) {
      for (const id of ids) settle(id, error as VitrineError);
    }
  }

  function load(id: string): Promise<CardPayload> {
    const cached = cache.get(id);
    if (cached) return cached;
    const promise = new Promise<CardPayload>((resolve, reject) => {
      pending.set(id, { resolve, reject });
    });
    cache.set(id, promise);
    promise.then(
      (card) => {
        if (cache.get(id) === promise) loaded.set(id, card);
      },
      () => {
        if (cache.get(id) === promise) cache.delete(id);
      },
    );
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
    return promise;
  }

  function get(id: string, options: CallOptions = {}): Promise<CardPayload> {
    try {
      parse(Id, id, 'card id', 'invalid_input');
    } catch (error) {
      return Promise.reject(error);
    }
    const promise = load(id);
    const { signal } = options;
    if (!signal) return promise;
    if (signal.aborted) return Promise.reject(aborted(id));
    return new Promise<CardPayload>((resolve, reject) => {
      const onAbort = () => reject(aborted(id));
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  return {
    get,
    getMany: (ids, options) => Promise.allSettled(ids.map((id) => get(id, options))),
    prime(card) {
      cache.set(card.recommendation.id, Promise.resolve(card));
      loaded.set(card.recommendation.id, card);
    },
    peek: (id) => loaded.get(id),
    invalidate(id) {
      if (id === undefined) {
        cache.clear();
        loaded.clear();
      } else {
        cache.delete(id);
        loaded.delete(id);
      }
    },
    async share(id, options = {}) {
      parse(Id, id, 'card id', 'invalid_input');
      return http.json('get', `v1/cards/${encodeURIComponent(id)}/share`, ShareInfo, options);
    },
  };
}

function aborted(id: string): RequestError {
  return new RequestError('aborted', `Loading card ${id} was aborted`);
}
