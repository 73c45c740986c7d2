/**
 * The route table of the v1 API: for each path, who may call it and, per
 * method, how the request is read (limits, validation, authentication) and
 * which domain step answers it. Business rules live in `domain/`, HTTP
 * mechanics in `http.ts`; a route only connects the two.
 */
import * as z from 'zod/mini';
import { ClickId, EventBatch } from '../model/attribution.js';
import type { Creator } from '../model/creator.js';
import { MAX_LOOKUP_CLICK_IDS } from '../model/order.js';
import { MAX_CARDS_PER_REQUEST, PublishRecommendation } from '../model/recommendation.js';
import { parseConversion } from '../server/conversions.js';
import { parse } from '../validate.js';
import { Id, Timestamp } from '../model/common.js';
import { recordConversion } from './domain/conversions.js';
import { runPayouts } from './domain/payouts.js';
import { createVisitorKeys, eventTraffic, prepareEvents, type Ingest } from './domain/events.js';
import { StatsBucket, type CreatorStats } from '../model/stats.js';
import { DAY, HOUR } from './store/buckets.js';
import { isTimeZone } from './store/buckets.js';
import type { StatsQuery } from './store/store.js';
import { withIdempotencyKey } from './domain/idempotency.js';
import { previewRecommendation, publishRecommendation } from './domain/recommendations.js';
import { WebhookSecret } from './catalog.js';
import { sha256Hex } from '../internal/ids.js';
import { checkId, json, readBody, readJson, requireJson, type Route } from './http.js';
import { PlatformProblem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import type { PlatformStore } from './store/store.js';
import { transact } from './store/transact.js';
import { eventStream, type ChangeHub, type StreamTokens } from './stream.js';

/** What the server around the platform knows about a request. */
export interface RequestContext {
  /** The client's address (the socket's remote address, or the first trusted `X-Forwarded-For` hop). */
  clientAddress?: string | undefined;
}

/** What the routes need: the store, the clock and the limits. */
export interface RouteDependencies {
  store: PlatformStore;
  now: () => number;
  /** Largest `POST /v1/events` body, in bytes. */
  maxEventBody: number;
  /** Per-client rate of events; none: unlimited. */
  eventLimiter?: RateLimiter | undefined;
  /** Stores event batches (group commit). */
  ingest: Ingest;
  /** Salt of the daily visitor keys (repeat clicks). */
  visitorSalt: string;
  /** Whether bot user agents and prefetches are filtered (see `PlatformOptions.filterBots`). */
  filterBots: boolean;
  /** Events older than this are filtered `stale` (the raw-event retention). */
  maxEventAgeMs: number;
  /** The change feed live streams follow. */
  hub: ChangeHub;
  /** Stream tokens of the creators' stats streams. */
  streamTokens: StreamTokens;
  /** SHA-256 (hex) of each admin key; empty: the admin routes refuse every request. */
  adminKeyHashes: readonly string[];
}

/** Largest body of the other POST routes, in bytes. */
export const MAX_BODY = 256 * 1024;
/** Most recommendation ids one `GET /v1/cards` may ask for: the client's batch size. */
export const MAX_CARD_IDS = MAX_CARDS_PER_REQUEST;

const LookupBody = z.object({ clickIds: z.array(ClickId).check(z.maxLength(MAX_LOOKUP_CLICK_IDS)) });
const PayoutBody = z.object({ periodEnd: Timestamp, creatorId: z.optional(Id) });
const SecretsBody = z.object({ secrets: z.array(WebhookSecret).check(z.minLength(1), z.maxLength(5)) });
/** `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1). */
const BEARER = /^bearer +([\x21-\x7e]{1,256}) *$/i;

/** Equal strings, compared in time that does not depend on where they differ (for equal-length hashes). */
function sameHash(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The v1 routes, in matching order. */
/** Longest range per bucket of `GET /v1/creators/{id}/stats`: a day by the minute, 31 days by the hour, 400 by the day. */
export const MAX_STATS_RANGE_MS = { minute: DAY, hour: 31 * DAY, day: 400 * DAY } as const;

/**
 * The range of a stats request: none (all time) without parameters; else
 * `from` and `to` (ISO 8601), `bucket` (`minute`, `hour`, `day`) and `tz`
 * (IANA, default `UTC`), `from` before `to`, within {@link MAX_STATS_RANGE_MS}.
 * Minute buckets only for the last two days (minute rollups are pruned).
 */
export function statsQuery(url: URL, now: number): StatsQuery {
  const get = (name: string) => url.searchParams.get(name);
  if (get('from') === null && get('to') === null && get('bucket') === null) return { from: null, to: null, bucket: null, timeZone: 'UTC' };
  const refuse = (detail: string): never => {
    throw new PlatformProblem(400, 'invalid_input', detail);
  };
  const time = (name: string) => {
    const value = get(name) ?? refuse(`"${name}" is required with a range (ISO 8601)`);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) || !/^\d{4}-\d\d-\d\dT/.test(value) ? refuse(`"${name}" must be an ISO 8601 date-time`) : parsed;
  };
  const from = time('from');
  const to = time('to');
  const bucket = StatsBucket.safeParse(get('bucket') ?? 'day');
  if (!bucket.success) refuse('"bucket" must be minute, hour or day');
  const timeZone = get('tz') ?? 'UTC';
  if (!isTimeZone(timeZone)) refuse(`"tz" must be an IANA time zone, got "${timeZone.slice(0, 64)}"`);
  if (!(from < to)) refuse('"from" must be before "to"');
  const unit = bucket.data!;
  if (to - from > MAX_STATS_RANGE_MS[unit]) refuse(`A range by the ${unit} may span at most ${MAX_STATS_RANGE_MS[unit] / HOUR} hours`);
  if (unit === 'minute' && from < now - 2 * DAY) refuse('Minute buckets cover the last two days only');
  return { from, to, bucket: unit, timeZone };
}

export function v1Routes({ store, now, maxEventBody, eventLimiter, adminKeyHashes, ingest, visitorSalt, filterBots, maxEventAgeMs, hub, streamTokens }: RouteDependencies): Route<RequestContext>[] {
  const visitorKeys = createVisitorKeys(visitorSalt);
  const isoNow = () => new Date(now()).toISOString();
  const challenge = { 'WWW-Authenticate': 'Bearer' };

  /** The creator whose API key is the request's Bearer token; 401 otherwise. */
  async function authenticate(request: Request): Promise<Creator> {
    const match = BEARER.exec(request.headers.get('authorization') ?? '');
    if (!match) throw new PlatformProblem(401, 'unauthorized', 'Send the creator API key as "Authorization: Bearer <key>"', challenge);
    const creator = await store.creatorByApiKey(match[1]!);
    if (!creator) throw new PlatformProblem(401, 'unauthorized', 'Unknown API key', challenge);
    return creator;
  }

  /** The creator of the key, who must be the creator of the path; 401 / 403 otherwise. */
  async function creatorOfPath(request: Request, creatorId: string): Promise<Creator> {
    const creator = await authenticate(request);
    if (creator.id !== creatorId) throw new PlatformProblem(403, 'forbidden', 'This API key belongs to another creator');
    return creator;
  }

  /** Refuses (401) a request without one of the admin keys as its Bearer token. */
  async function authenticateAdmin(request: Request): Promise<void> {
    const match = BEARER.exec(request.headers.get('authorization') ?? '');
    if (!match) throw new PlatformProblem(401, 'unauthorized', 'Send an admin key as "Authorization: Bearer <key>"', challenge);
    const hash = await sha256Hex(match[1]!);
    if (!adminKeyHashes.some((known) => sameHash(known, hash))) throw new PlatformProblem(401, 'unauthorized', 'Unknown admin key', challenge);
  }

  /** A payout statement, for an admin or for the creator it pays. */
  async function statement(payoutId: string, creatorId?: string): Promise<Response> {
    const found = await store.payoutStatement(payoutId);
    if (!found || (creatorId !== undefined && found.payout.creatorId !== creatorId)) {
      throw new PlatformProblem(404, 'not_found', `Unknown payout "${payoutId}"`);
    }
    return json(200, found, { 'Cache-Control': 'no-store' });
  }

  return [
    {
      path: '/v1/partners',
      access: 'public',
      methods: {
        GET: async () => json(200, { partners: await store.listPartners() }, { 'Cache-Control': 'public, max-age=300' }),
      },
    },
    {
      path: '/v1/cards',
      access: 'public',
      methods: {
        async GET({ url }) {
          const ids = [...new Set((url.searchParams.get('ids') ?? '').split(',').map((id) => id.trim()).filter(Boolean))];
          if (ids.length === 0 || ids.length > MAX_CARD_IDS) {
            throw new PlatformProblem(400, 'invalid_input', `Pass 1 to ${MAX_CARD_IDS} comma-separated recommendation ids as "ids"`);
          }
          for (const id of ids) checkId(id, 'ids');
          const found = await store.cards(ids);
          const known = new Set(found.map((card) => card.recommendation.id));
          return json(200, { cards: found, missing: ids.filter((id) => !known.has(id)) }, { 'Cache-Control': 'public, max-age=60' });
        },
      },
    },
    {
      path: '/v1/creators/:creatorId/showcase',
      access: 'public',
      methods: {
        async GET({ url, params }) {
          const limitParam = url.searchParams.get('limit') ?? '12';
          const limit = /^\d{1,2}$/.test(limitParam) ? Number(limitParam) : 0;
          if (limit < 1 || limit > 50) throw new PlatformProblem(400, 'invalid_input', '"limit" must be an integer from 1 to 50');
          const cursor = url.searchParams.get('cursor') || null;
          if (cursor !== null && cursor.length > 200) throw new PlatformProblem(400, 'invalid_input', 'Invalid cursor');
          const page = await store.showcase(params.creatorId!, { cursor, limit });
          if (!page) throw new PlatformProblem(404, 'not_found', `Unknown creator "${params.creatorId}"`);
          return json(200, page, { 'Cache-Control': 'public, max-age=60' });
        },
      },
    },
    {
      path: '/v1/events',
      access: 'public',
      methods: {
        async POST({ request, context }) {
          const batch = parse(EventBatch, await readJson(request, maxEventBody, true), 'POST /v1/events', 'invalid_input');
          const allowed = eventLimiter?.take(context.clientAddress ?? 'unknown', batch.events.length) ?? { ok: true };
          if (!allowed.ok) {
            throw new PlatformProblem(429, 'rate_limited', 'Too many events from this client; retry later', {
              'Retry-After': String(allowed.retryAfterSeconds),
            });
          }
          const at = now();
          const address = context.clientAddress ?? 'unknown';
          const visitor = await visitorKeys(at, address, request.headers.get('user-agent') ?? '');
          const events = prepareEvents(batch.events, { filtered: filterBots ? eventTraffic(request.headers) : null, visitor, now: at, maxAgeMs: maxEventAgeMs });
          return json(202, await ingest.add(events));
        },
      },
    },
    {
      path: '/v1/orders/lookup',
      access: 'public',
      methods: {
        async POST({ request }) {
          const { clickIds } = parse(LookupBody, await readJson(request, MAX_BODY, true), 'POST /v1/orders/lookup', 'invalid_input');
          const orders = clickIds.length === 0 ? [] : await store.ordersByClickIds(clickIds);
          return json(200, { orders }, { 'Cache-Control': 'no-store' });
        },
      },
    },
    {
      // A browser's orders, pushed: the click ids are the authority, as for lookup.
      path: '/v1/stream/orders',
      access: 'public',
      methods: {
        async GET({ request, url }) {
          const raw = url.searchParams.get('clickIds') ?? '';
          const clickIds = [...new Set(raw.split(',').map((id) => id.trim()).filter(Boolean))];
          parse(LookupBody, { clickIds }, 'GET /v1/stream/orders', 'invalid_input');
          if (clickIds.length === 0) throw new PlatformProblem(400, 'invalid_input', 'Pass 1 to 50 comma-separated click ids as "clickIds"');
          return eventStream({
            hub,
            topic: 'orders',
            keys: new Set(clickIds),
            event: 'orders',
            state: async () => ({ orders: await store.ordersByClickIds(clickIds) }),
            lastEventId: request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId'),
            signal: request.signal,
          });
        },
      },
    },
    {
      // A stream token for the creator of the key (EventSource sends no Authorization header; keys never go in URLs).
      path: '/v1/stream/tokens',
      access: 'creator',
      methods: {
        async POST({ request }) {
          const creator = await authenticate(request);
          return json(201, { creatorId: creator.id, ...(await streamTokens.issue(creator.id, now())) }, { 'Cache-Control': 'no-store' });
        },
      },
    },
    {
      path: '/v1/stream/stats',
      access: 'public',
      methods: {
        async GET({ request, url }) {
          const creatorId = await streamTokens.verify(url.searchParams.get('token') ?? '', now());
          if (creatorId === null) throw new PlatformProblem(401, 'unauthorized', 'Pass a valid stream token as "token" (POST /v1/stream/tokens; tokens expire after 5 minutes)');
          const query = statsQuery(url, now());
          return eventStream({
            hub,
            topic: 'stats',
            keys: new Set([creatorId]),
            event: 'stats',
            state: () => statsBody(store, creatorId, query, isoNow()),
            lastEventId: request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId'),
            signal: request.signal,
            minIntervalMs: 250,
          });
        },
      },
    },
    {
      path: '/v1/creators/:creatorId/stats',
      access: 'creator',
      methods: {
        async GET({ request, params, url }) {
          const creator = await creatorOfPath(request, params.creatorId!);
          const query = statsQuery(url, now());
          return json(200, await statsBody(store, creator.id, query, isoNow()), { 'Cache-Control': 'no-store' });
        },
      },
    },
    {
      path: '/v1/recommendations',
      access: 'creator',
      methods: {
        async POST({ request }) {
          const creator = await authenticate(request);
          const key = request.headers.get('idempotency-key');
          if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
            throw new PlatformProblem(400, 'invalid_input', 'Idempotency-Key must be 1–255 printable ASCII characters');
          }
          const input = parse(PublishRecommendation, await readJson(request, MAX_BODY, false), 'POST /v1/recommendations', 'invalid_input');
          const publish = async () => {
            const published = await publishRecommendation(store, { creator, ...input }, now());
            // 201 only when something new exists; a republish (same content) or an edit answers 200.
            return { status: published.outcome === 'created' ? 201 : 200, body: published };
          };
          if (key === null) {
            const { status, body } = await publish();
            return json(status, body);
          }
          const meaning = JSON.stringify([input.productUrl, input.reason, input.disclosure]);
          const { status, body, replayed } = await withIdempotencyKey(store, { scope: creator.id, key, request: meaning }, publish);
          return json(status, body, replayed ? { 'Idempotent-Replayed': 'true' } : {});
        },
      },
    },
    {
      path: '/v1/recommendations/preview',
      access: 'creator',
      methods: {
        async POST({ request }) {
          const creator = await authenticate(request);
          const input = parse(PublishRecommendation, await readJson(request, MAX_BODY, false), 'POST /v1/recommendations/preview', 'invalid_input');
          return json(200, await previewRecommendation(store, { creator, ...input }, now()), { 'Cache-Control': 'no-store' });
        },
      },
    },
    {
      path: '/v1/partner/conversions',
      access: 'partner',
      methods: {
        async POST({ request, url }) {
          const partnerId = checkId(url.searchParams.get('partner') ?? '', 'partner');
          requireJson(request);
          const entry = await store.partnerSecrets(partnerId);
          if (!entry) throw new PlatformProblem(404, 'not_found', `Unknown partner "${partnerId}"`);
          // The signature covers the raw bytes: read them once, never re-serialise.
          const body = await readBody(request, MAX_BODY);
          const { webhookId, conversion } = await parseConversion({ headers: request.headers, body, secret: entry.secrets, now });
          const input = { partner: entry.partner, webhookId, conversion };
          // One transaction per callback, run again if it lost a race with another one.
          const recorded = await transact(store, (tx) => recordConversion(tx, input, now()));
          if (recorded.duplicate) return json(200, { duplicate: true });
          const { order } = recorded;
          return json(200, { orderId: order.id, status: order.status, attributed: order.creatorId !== null });
        },
      },
    },
    {
      path: '/v1/creators/:creatorId/payouts',
      access: 'creator',
      methods: {
        async GET({ request, params }) {
          const creator = await creatorOfPath(request, params.creatorId!);
          return json(200, { payouts: await store.payoutsOf(creator.id) }, { 'Cache-Control': 'no-store' });
        },
      },
    },
    {
      path: '/v1/creators/:creatorId/payouts/:payoutId',
      access: 'creator',
      methods: {
        async GET({ request, params }) {
          const creator = await creatorOfPath(request, params.creatorId!);
          return statement(params.payoutId!, creator.id);
        },
      },
    },
    {
      path: '/v1/admin/payouts',
      access: 'admin',
      methods: {
        async POST({ request }) {
          await authenticateAdmin(request);
          const key = request.headers.get('idempotency-key');
          if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
            throw new PlatformProblem(400, 'invalid_input', 'Idempotency-Key must be 1–255 printable ASCII characters');
          }
          const run = parse(PayoutBody, await readJson(request, MAX_BODY, false), 'POST /v1/admin/payouts', 'invalid_input');
          const pay = async () => ({ status: 201, body: { payouts: await transact(store, (tx) => runPayouts(tx, run, now())) } });
          if (key === null) {
            const { status, body } = await pay();
            return json(status, body);
          }
          const { status, body, replayed } = await withIdempotencyKey(store, { scope: 'admin:payouts', key, request: JSON.stringify([run.periodEnd, run.creatorId ?? null]) }, pay);
          return json(status, body, replayed ? { 'Idempotent-Replayed': 'true' } : {});
        },
      },
    },
    {
      path: '/v1/admin/payouts/:payoutId',
      access: 'admin',
      methods: {
        async GET({ request, params }) {
          await authenticateAdmin(request);
          return statement(params.payoutId!);
        },
      },
    },
    {
      path: '/v1/admin/partners/:partnerId/webhook-secrets',
      access: 'admin',
      methods: {
        async PUT({ request, params }) {
          await authenticateAdmin(request);
          const { secrets } = parse(SecretsBody, await readJson(request, MAX_BODY, false), 'PUT webhook-secrets', 'invalid_input');
          await store.setPartnerSecrets(params.partnerId!, secrets);
          // Never echoed: the caller knows them, a log of the response must not.
          return json(200, { partnerId: params.partnerId, secrets: secrets.length }, { 'Cache-Control': 'no-store' });
        },
      },
    },
  ];
}

/** The body of `GET /v1/creators/{id}/stats` (and of the stats stream's events) for a query. */
export async function statsBody(store: PlatformStore, creatorId: string, query: StatsQuery, generatedAt: string): Promise<CreatorStats> {
  if (query.from === null || query.to === null || query.bucket === null) {
    return { creatorId, generatedAt, recommendations: await store.creatorStats(creatorId) };
  }
  const report = await store.statsReport(creatorId, query);
  return {
    creatorId,
    generatedAt,
    range: { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString(), bucket: query.bucket, timeZone: query.timeZone },
    ...report,
  };
}
