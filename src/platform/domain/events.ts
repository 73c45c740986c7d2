/**
 * Domain steps of event ingest: keep a batch consistent with the catalog,
 * tell invalid traffic apart, and store it: one request at a time
 * ({@link recordEvents}) or many requests per transaction ({@link createIngest},
 * what `POST /v1/events` uses: group commit).
 */
import type { AttributionEvent, EventsAccepted, FilterReason } from '../../model/attribution.js';
import { MAX_PAGE_LENGTH } from '../../model/attribution.js';
import type { CardPayload } from '../../model/recommendation.js';
import { sha256Hex } from '../../internal/ids.js';
import type { EventOutcome, IngestEvent, PlatformStore } from '../store/store.js';
import { transact } from '../store/transact.js';
import { invalidTraffic } from '../share/traffic.js';
import { offerSkus } from './conversions.js';

/** How far ahead of the platform's clock an event's time may be (clock skew) before it is filtered `stale`. */
export const MAX_EVENT_SKEW_MS = 3_600_000;

/** `https://blog.example/post?utm=1#x` → `https://blog.example/post`; `undefined` for anything but an http(s) URL. */
export function normalizePage(page: string | undefined): string | undefined {
  if (page === undefined) return undefined;
  try {
    const url = new URL(page);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return `${url.origin}${url.pathname}`.slice(0, MAX_PAGE_LENGTH);
  } catch {
    return undefined;
  }
}

/**
 * Invalid traffic by the headers of an event request (see `invalidTraffic`):
 * `prefetch` for a prefetch or prerender, `bot` for a user agent on the bot
 * list; `null` for a reader. A request WITHOUT a `User-Agent` header (a
 * server forwarding events, a test platform behind msw) is not judged by it:
 * browsers always send one, and the per-client rate limit still applies.
 */
export function eventTraffic(headers: Headers): FilterReason | null {
  const verdict = invalidTraffic(headers);
  if (verdict === 'speculative') return 'prefetch';
  return verdict === 'bot' && headers.has('user-agent') ? 'bot' : null;
}

/** What the platform knows about the request an event batch came in. */
export interface IngestContext {
  /** Invalid traffic by the request's headers (bot, prefetch), decided once per request; `null`: a reader. */
  filtered?: FilterReason | null | undefined;
  /** The salted visitor key of the request (see {@link visitorKey}), for `repeat_click`. */
  visitor?: string | undefined;
  /** The platform's clock, in ms. */
  now: number;
  /** Events older than this many ms are filtered `stale` (the raw-event retention; default: none). */
  maxAgeMs?: number | undefined;
}

/**
 * An opaque key of a visitor for one UTC day: SHA-256 of the salt, the day,
 * the client's address and its user agent. Nothing about the reader is stored
 * but this key, which changes every day and cannot be turned back into an
 * address without the salt.
 */
export function visitorKey(salt: string, now: number, clientAddress: string, userAgent: string): Promise<string> {
  const day = new Date(now).toISOString().slice(0, 10);
  return sha256Hex(`${salt}\n${day}\n${clientAddress}\n${userAgent}`).then((hex) => hex.slice(0, 32));
}

/**
 * {@link visitorKey} with the keys of recent visitors kept (at most `size`,
 * then forgotten all at once): a reader's page sends many batches a day from
 * one address and user agent, and each would otherwise hash again.
 */
export function createVisitorKeys(salt: string, size = 10_000): (now: number, clientAddress: string, userAgent: string) => Promise<string> {
  const known = new Map<string, Promise<string>>();
  return (now, clientAddress, userAgent) => {
    const key = `${Math.floor(now / 86_400_000)}\n${clientAddress}\n${userAgent}`;
    let found = known.get(key);
    if (found === undefined) {
      if (known.size >= size) known.clear();
      found = visitorKey(salt, now, clientAddress, userAgent);
      known.set(key, found);
      found.catch(() => known.delete(key));
    }
    return found;
  };
}

/**
 * The events as the store takes them: page normalised (origin + path), the
 * request's verdict (`bot`, `prefetch`) and visitor attached, and an event
 * whose time is more than {@link MAX_EVENT_SKEW_MS} ahead or older than
 * `maxAgeMs` filtered `stale` with the platform's time instead (so that no
 * partition or rollup far from now is ever made).
 */
export function prepareEvents(events: readonly AttributionEvent[], context: IngestContext): IngestEvent[] {
  return events.map((event) => {
    const { page: rawPage, ...rest } = event;
    const page = normalizePage(rawPage);
    const at = Date.parse(event.at);
    const stale = at > context.now + MAX_EVENT_SKEW_MS || (context.maxAgeMs !== undefined && at < context.now - context.maxAgeMs);
    const filtered = context.filtered ?? (stale ? 'stale' : undefined);
    return {
      ...rest,
      ...(stale && { at: new Date(context.now).toISOString() }),
      ...(page !== undefined && { page }),
      ...(filtered && { filtered }),
      ...(context.visitor !== undefined && { visitor: context.visitor }),
    };
  });
}

/** Cards the catalog check read recently (recommendations rarely change; an unknown one is read again every time). */
interface CardCache {
  get(ids: readonly string[]): Promise<Map<string, CardPayload>>;
}

function cardCache(store: PlatformStore, ttlMs: number, now: () => number): CardCache {
  const cached = new Map<string, { card: CardPayload; until: number }>();
  return {
    async get(ids) {
      const found = new Map<string, CardPayload>();
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        const hit = cached.get(id);
        if (hit && hit.until > now()) found.set(id, hit.card);
        else missing.push(id);
      }
      if (missing.length > 0) {
        for (const card of await store.cards(missing)) {
          found.set(card.recommendation.id, card);
          cached.set(card.recommendation.id, { card, until: now() + ttlMs });
        }
        if (cached.size > 10_000) cached.clear();
      }
      return found;
    },
  };
}

/**
 * Which events are consistent with the catalog: the recommendation exists and
 * belongs to the event's creator, and its partner (if any) sells the
 * recommended product (a client cannot credit a click to a creator who did
 * not make the recommendation). A `checkout` event must also carry a click
 * id, a partner and a SKU that is one of the recommendation's offers at that
 * partner: it can only ever claim a line of that very product. A click's
 * `swappedFrom` (the sold-out offer the card swapped away from) is kept when
 * that partner sells the product too, else dropped from the event.
 *
 * A click made long after the recommendation was first seen (from the
 * shopper's favourites or cart, weeks later) is an ordinary click: its fresh
 * click id is bound to the recommendation and creator it carries, and the
 * partner's attribution window runs from this click.
 */
function consistent<E extends AttributionEvent>(event: E, card: CardPayload | undefined): E | null {
  const sells = (partnerId: string) => card!.product.offers.some((offer) => offer.partnerId === partnerId);
  if (card?.recommendation.creatorId !== event.creatorId) return null;
  if (event.partnerId !== undefined && !sells(event.partnerId)) return null;
  if (event.type === 'checkout' && !(event.clickId !== undefined && event.partnerId !== undefined && event.sku !== undefined && offerSkus(card, event.partnerId).has(event.sku))) return null;
  if (event.swappedFrom === undefined || (event.type === 'click' && sells(event.swappedFrom))) return event;
  const { swappedFrom: _dropped, ...kept } = event;
  return kept as E;
}

/** Counts of outcomes, as `POST /v1/events` answers. */
function tally(outcomes: ReadonlyArray<EventOutcome | 'dropped'>): EventsAccepted & { filtered: number } {
  const count = (outcome: EventOutcome) => outcomes.filter((o) => o === outcome).length;
  return { accepted: count('accepted'), duplicates: count('duplicate'), filtered: count('filtered') };
}

/** The creators whose numbers a stored batch changed: what live stats streams are told. */
const changedCreators = (events: readonly IngestEvent[], outcomes: readonly EventOutcome[]) =>
  [...new Set(events.filter((_, i) => outcomes[i] !== 'duplicate').map((event) => event.creatorId))].map((key) => ({ topic: 'stats' as const, key }));

/**
 * Keeps the events consistent with the catalog (see above; the others are
 * dropped, counting neither as accepted nor as duplicates nor as filtered)
 * and stores them in one transaction with the change notice for the
 * creators' live stats. The store drops ids it has seen, so a retried batch
 * counts once; invalid traffic is kept out of the numbers (`filtered`).
 */
export async function recordEvents(store: PlatformStore, events: readonly IngestEvent[]): Promise<EventsAccepted> {
  const cards = new Map((await store.cards([...new Set(events.map((event) => event.recommendationId))])).map((card) => [card.recommendation.id, card]));
  const kept = events.flatMap((event) => consistent(event, cards.get(event.recommendationId)) ?? []);
  if (kept.length === 0) return { accepted: 0, duplicates: 0, filtered: 0 };
  return transact(store, async (tx) => {
    const stored = await tx.insertEvents(kept);
    await tx.recordChanges(changedCreators(kept, stored.outcomes));
    return { accepted: stored.accepted, duplicates: stored.duplicates, filtered: stored.filtered };
  });
}

/** Options of {@link createIngest}. */
export interface IngestOptions {
  store: PlatformStore;
  now?: (() => number) | undefined;
  /** Most events one transaction stores (default 5 000). */
  maxBatch?: number | undefined;
  /** Transactions in flight at once (default 2; PGlite runs one at a time anyway). */
  concurrency?: number | undefined;
  /** How long a recommendation read for the catalog check is trusted, in ms (default 10 000). */
  cardTtlMs?: number | undefined;
}

/** Group commit of event batches: see {@link createIngest}. */
export interface Ingest {
  /** Stores a request's events (prepared, see {@link prepareEvents}); resolves once they are committed. */
  add(events: readonly IngestEvent[]): Promise<EventsAccepted>;
}

interface Waiting {
  events: readonly IngestEvent[];
  resolve(result: EventsAccepted): void;
  reject(error: unknown): void;
}

/**
 * Group commit for `POST /v1/events`: requests that arrive while a
 * transaction is running wait for the next one, which stores all of them at
 * once (up to `maxBatch` events): one catalog check, one insert statement and
 * one rollup update per transaction instead of per request. An idle platform
 * stores a request at once (no timer, no added latency). Each request learns
 * its own outcome; a transaction that fails fails only the requests in it
 * (their clients retry: events are idempotent).
 */
export function createIngest(options: IngestOptions): Ingest {
  const { store } = options;
  const now = options.now ?? Date.now;
  const maxBatch = options.maxBatch ?? 5_000;
  const concurrency = options.concurrency ?? 2;
  const cards = cardCache(store, options.cardTtlMs ?? 10_000, now);
  const queue: Waiting[] = [];
  let running = 0;

  async function flush(group: Waiting[]): Promise<void> {
    try {
      const all = group.flatMap((waiting) => waiting.events);
      const found = await cards.get(all.map((event) => event.recommendationId));
      const checked = all.map((event) => consistent(event, found.get(event.recommendationId)));
      const keep = checked.map((event) => event !== null);
      const kept = checked.filter((event) => event !== null);
      let stored: EventOutcome[] = [];
      if (kept.length > 0) {
        stored = await transact(store, async (tx) => {
          const result = await tx.insertEvents(kept);
          await tx.recordChanges(changedCreators(kept, result.outcomes));
          return result.outcomes;
        });
      }
      let next = 0;
      const outcomes = keep.map((kept) => (kept ? stored[next++]! : 'dropped'));
      let offset = 0;
      for (const waiting of group) {
        waiting.resolve(tally(outcomes.slice(offset, offset + waiting.events.length)));
        offset += waiting.events.length;
      }
    } catch (error) {
      // One request's events must never fail the others' (a value the database refuses, say):
      // a group that failed is stored again one request at a time, and only the failing ones fail.
      if (group.length === 1) group[0]!.reject(error);
      else for (const waiting of group) await flush([waiting]);
    }
  }

  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const group: Waiting[] = [];
      let size = 0;
      while (queue.length > 0 && (group.length === 0 || size + queue[0]!.events.length <= maxBatch)) {
        const waiting = queue.shift()!;
        size += waiting.events.length;
        group.push(waiting);
      }
      running += 1;
      void flush(group).finally(() => {
        running -= 1;
        pump();
      });
    }
  }

  return {
    add(events) {
      if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0, filtered: 0 });
      return new Promise<EventsAccepted>((resolve, reject) => {
        queue.push({ events, resolve, reject });
        pump();
      });
    },
  };
}
