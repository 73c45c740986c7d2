/**
 * The v1 platform API as one standard fetch handler over a `PlatformStore`.
 * The same handler serves the msw mocks of `vitrine/testing` (memory store) and
 * the example platform server (SQL store).
 */
import * as z from 'zod/mini';
import { isSafePartnerUrl } from '../attribution/links.js';
import { isVitrineError, VitrineError } from '../errors.js';
import { ClickId, EventBatch, type Touch } from '../model/attribution.js';
import { Id } from '../model/common.js';
import type { Conversion } from '../model/conversion.js';
import type { Creator } from '../model/creator.js';
import { MAX_LOOKUP_CLICK_IDS, type Order, type OrderLine } from '../model/order.js';
import type { Partner } from '../model/partner.js';
import { PublishRecommendation, type Recommendation } from '../model/recommendation.js';
import { parse } from '../validate.js';
import { resolveAttribution } from '../server/attribution.js';
import { planCommissions } from '../server/commission.js';
import { parseConversion } from '../server/conversions.js';
import { applyStatus } from '../server/orders.js';
import { enqueueOrderUpdated } from './outbox.js';
import { createRateLimiter } from './rate-limit.js';
import type { PlatformStore } from './store.js';

/** Options of {@link createPlatform}. */
export interface PlatformOptions {
  store: PlatformStore;
  /** Clock in milliseconds; defaults to `Date.now`. */
  now?: (() => number) | undefined;
  /** Largest accepted `POST /v1/events` body in bytes (default 64 KiB, the keepalive budget). */
  maxEventBody?: number | undefined;
  /** Receives one line per request: `METHOD /path status Nms`. Default: no logging. */
  log?: ((line: string) => void) | undefined;
  /** Origins allowed to call the creator routes from a browser (default `'*'`). Public routes allow any origin. */
  corsOrigins?: '*' | readonly string[] | undefined;
  /** A path prefix in front of `/v1` to strip before routing, e.g. `/api` (default none). */
  basePath?: string | undefined;
  /**
   * Rate of `POST /v1/events` per client, in events: `perMinute` on average
   * (default 600), `burst` at once (default 200). Beyond it: 429 with
   * `Retry-After`, which the SDK's event queue retries. `false` turns it off.
   * Clients are told apart by `context.clientAddress` of `fetch`.
   */
  eventRateLimit?: { perMinute?: number; burst?: number } | false | undefined;
}

/** What the server around the platform knows about a request. */
export interface RequestContext {
  /** The client's address (the socket's remote address, or the first trusted `X-Forwarded-For` hop). */
  clientAddress?: string | undefined;
}

/** A platform: hand it any `Request`, get the v1 API's `Response`. */
export interface Platform {
  fetch(request: Request, context?: RequestContext): Promise<Response>;
}

/** Largest body of the other POST routes, in bytes. */
const MAX_BODY = 256 * 1024;
const MAX_CARD_IDS = 50;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

/** A request the handler refuses: answered as a problem with `status` and problem `code`. Internal. */
class Refusal extends VitrineError {
  override name = 'Refusal';
  readonly status: number;
  readonly problemCode: string;
  readonly headers: Record<string, string>;

  constructor(status: number, problemCode: string, detail: string, headers: Record<string, string> = {}) {
    super(status === 404 ? 'not_found' : 'invalid_input', detail);
    this.status = status;
    this.problemCode = problemCode;
    this.headers = headers;
  }
}

const LookupBody = z.object({ clickIds: z.array(ClickId).check(z.maxLength(MAX_LOOKUP_CLICK_IDS)) });

type Access = 'public' | 'creator' | 'partner';
type Params = readonly string[];
type Handler = (request: Request, url: URL, params: Params, context: RequestContext) => Promise<Response>;
interface Route {
  pattern: RegExp;
  access: Access;
  methods: Partial<Record<string, Handler>>;
}

/**
 * Creates the v1 platform API (see the "Platform API contract" in the design)
 * as a fetch handler: `GET /v1/partners`, `GET /v1/cards`, `GET
 * /v1/creators/{id}/showcase`, `POST /v1/events`, `POST /v1/orders/lookup`,
 * `GET /v1/creators/{id}/stats`, `POST /v1/recommendations` and `POST
 * /v1/partner/conversions`. Errors are RFC 9457 `application/problem+json`
 * with a `code`, never a stack trace. Mount it in any server that speaks
 * `Request`/`Response` (Hono, Deno, Bun, workers) or in msw.
 */
export function createPlatform(options: PlatformOptions): Platform {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  const maxEventBody = options.maxEventBody ?? 64 * 1024;
  const eventLimiter =
    options.eventRateLimit === false
      ? undefined
      : createRateLimiter({ perMinute: options.eventRateLimit?.perMinute ?? 600, burst: options.eventRateLimit?.burst ?? 200, now });
  const corsOrigins = options.corsOrigins ?? '*';
  const isoNow = () => new Date(now()).toISOString();
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');

  async function authenticate(request: Request): Promise<Creator> {
    const challenge = { 'WWW-Authenticate': 'Bearer' };
    const match = /^Bearer +([\x21-\x7e]{1,256})$/.exec(request.headers.get('authorization') ?? '');
    if (!match) throw new Refusal(401, 'unauthorized', 'Send the creator API key as "Authorization: Bearer <key>"', challenge);
    const creator = await store.creatorByApiKey(match[1]!);
    if (!creator) throw new Refusal(401, 'unauthorized', 'Unknown API key', challenge);
    return creator;
  }

  async function partners(): Promise<Response> {
    return json(200, { partners: await store.listPartners() }, { 'Cache-Control': 'public, max-age=300' });
  }

  async function cards(_request: Request, url: URL): Promise<Response> {
    const ids = [...new Set((url.searchParams.get('ids') ?? '').split(',').map((id) => id.trim()).filter(Boolean))];
    if (ids.length === 0 || ids.length > MAX_CARD_IDS) {
      throw new Refusal(400, 'invalid_input', `Pass 1 to ${MAX_CARD_IDS} comma-separated recommendation ids as "ids"`);
    }
    for (const id of ids) checkId(id, 'ids');
    const found = await store.cards(ids);
    const known = new Set(found.map((card) => card.recommendation.id));
    return json(200, { cards: found, missing: ids.filter((id) => !known.has(id)) }, { 'Cache-Control': 'public, max-age=60' });
  }

  async function showcase(_request: Request, url: URL, [creatorId]: Params): Promise<Response> {
    const limitParam = url.searchParams.get('limit') ?? '12';
    const limit = /^\d{1,2}$/.test(limitParam) ? Number(limitParam) : 0;
    if (limit < 1 || limit > 50) throw new Refusal(400, 'invalid_input', '"limit" must be an integer from 1 to 50');
    const cursor = url.searchParams.get('cursor') || null;
    if (cursor !== null && cursor.length > 200) throw new Refusal(400, 'invalid_input', 'Invalid cursor');
    const page = await store.showcase(creatorId!, { cursor, limit });
    if (!page) throw new Refusal(404, 'not_found', `Unknown creator "${creatorId}"`);
    return json(200, page, { 'Cache-Control': 'public, max-age=60' });
  }

  async function events(request: Request, _url: URL, _params: Params, context: RequestContext): Promise<Response> {
    const batch = parse(EventBatch, await readJson(request, maxEventBody, true), 'POST /v1/events', 'invalid_input');
    const allowed = eventLimiter?.take(context.clientAddress ?? 'unknown', batch.events.length) ?? { ok: true };
    if (!allowed.ok) {
      throw new Refusal(429, 'rate_limited', 'Too many events from this client; retry later', { 'Retry-After': String(allowed.retryAfterSeconds) });
    }
    // Only events consistent with the catalog are kept: a client cannot credit a
    // click to a creator who did not make the recommendation.
    const found = await store.cards([...new Set(batch.events.map((event) => event.recommendationId))]);
    const byId = new Map(found.map((card) => [card.recommendation.id, card]));
    const valid = batch.events.filter((event) => {
      const card = byId.get(event.recommendationId);
      return (
        card?.recommendation.creatorId === event.creatorId &&
        (event.partnerId === undefined || card.product.offers.some((offer) => offer.partnerId === event.partnerId))
      );
    });
    return json(202, await store.insertEvents(valid));
  }

  async function lookup(request: Request): Promise<Response> {
    const { clickIds } = parse(LookupBody, await readJson(request, MAX_BODY, true), 'POST /v1/orders/lookup', 'invalid_input');
    const orders = clickIds.length === 0 ? [] : await store.ordersByClickIds(clickIds);
    return json(200, { orders }, { 'Cache-Control': 'no-store' });
  }

  async function stats(request: Request, _url: URL, [creatorId]: Params): Promise<Response> {
    const creator = await authenticate(request);
    if (creator.id !== creatorId) throw new Refusal(403, 'forbidden', 'This API key belongs to another creator');
    const recommendations = await store.creatorStats(creator.id);
    return json(200, { creatorId: creator.id, generatedAt: isoNow(), recommendations }, { 'Cache-Control': 'no-store' });
  }

  async function publish(creator: Creator, input: z.infer<typeof PublishRecommendation>): Promise<[number, unknown]> {
    let url: URL;
    try {
      url = new URL(input.productUrl);
    } catch {
      throw new Refusal(422, 'unsafe_link', 'productUrl is not an absolute URL');
    }
    const allowed = (await store.listPartners()).filter((partner) => isSafePartnerUrl(input.productUrl, partner));
    if (allowed.length === 0) {
      throw new Refusal(422, 'unsafe_link', 'productUrl must be an https link to an allow-listed partner shop');
    }
    const found = await store.productByOfferUrl(url);
    if (!found || !allowed.some((partner) => partner.id === found.offer.partnerId)) {
      throw new Refusal(422, 'not_found', 'No catalog product is sold at this productUrl');
    }
    const recommendation: Recommendation = {
      id: randomId('rec_', 12),
      creatorId: creator.id,
      productId: found.product.id,
      reason: input.reason,
      disclosure: input.disclosure,
      createdAt: isoNow(),
    };
    await store.createRecommendation(recommendation);
    const [card] = await store.cards([recommendation.id]);
    return [201, { recommendation, card }];
  }

  async function recommendations(request: Request): Promise<Response> {
    const creator = await authenticate(request);
    const key = request.headers.get('idempotency-key');
    if (key !== null && !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new Refusal(400, 'invalid_input', 'Idempotency-Key must be 1–255 printable ASCII characters');
    }
    const input = parse(PublishRecommendation, await readJson(request, MAX_BODY, false), 'POST /v1/recommendations', 'invalid_input');
    if (key === null) return json(...(await publish(creator, input)));

    const fingerprint = await sha256(JSON.stringify([input.productUrl, input.reason, input.disclosure]));
    const previous = await store.claimIdempotencyKey(creator.id, key, fingerprint);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new Refusal(422, 'idempotency_conflict', 'This Idempotency-Key was used with a different request body');
      }
      if (!previous.response) throw new Refusal(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is in progress');
      return json(previous.response.status, previous.response.body, { 'Idempotent-Replayed': 'true' });
    }
    try {
      const [status, body] = await publish(creator, input);
      await store.completeIdempotencyKey(creator.id, key, { status, body });
      return json(status, body);
    } catch (error) {
      await store.releaseIdempotencyKey(creator.id, key);
      throw error;
    }
  }

  async function conversions(request: Request, url: URL): Promise<Response> {
    const partnerId = url.searchParams.get('partner') ?? '';
    checkId(partnerId, 'partner');
    const entry = await store.partnerSecrets(partnerId);
    if (!entry) throw new Refusal(404, 'not_found', `Unknown partner "${partnerId}"`);
    // The signature covers the raw bytes: read them once, never re-serialise.
    const body = await readBody(request, MAX_BODY);
    const { webhookId, conversion } = await parseConversion({ headers: request.headers, body, secret: entry.secrets, now });
    const receipt = { partnerId, webhookId, partnerOrderId: conversion.orderId, status: conversion.status };
    if (!(await store.claimConversion(receipt))) return json(200, { duplicate: true });
    try {
      const order = await recordConversion(entry.partner, conversion);
      // Tells the partner what was recorded (attribution, commission), through the outbox.
      await enqueueOrderUpdated(store, order, now());
      return json(200, { orderId: order.id, status: order.status, attributed: order.creatorId !== null });
    } catch (error) {
      await store.releaseConversion(receipt);
      throw error;
    }
  }

  /** Creates or advances the order of a verified conversion, then its commission records. */
  async function recordConversion(partner: Partner, conversion: Conversion): Promise<Order> {
    const { currency, occurredAt: at } = conversion;
    const previous = await store.orderByPartnerOrderId(partner.id, conversion.orderId);
    let recommendationFor: (index: number, sku: string | undefined) => string | undefined;
    let order: Order;
    if (previous) {
      order = applyStatus(previous, conversion.status, at);
      // A status the order already went through (a late or repeated callback) changes nothing.
      if (order === previous) return order;
      // Attribution was settled when the order was first seen; keep it line by line.
      recommendationFor = (index, sku) => {
        const line = previous.lines[index]?.sku === sku ? previous.lines[index] : previous.lines.find((l) => l.sku !== undefined && l.sku === sku);
        return line?.recommendationId;
      };
    } else {
      const touch = await attribute(partner, conversion);
      const checkouts = touch ? await store.checkoutEvents(touch.clickId) : [];
      recommendationFor = (_index, sku) => {
        if (!touch) return undefined;
        const event = sku === undefined ? undefined : checkouts.findLast((e) => e.sku === sku && (e.partnerId ?? partner.id) === partner.id);
        return (event ?? touch).recommendationId;
      };
      const placed: Order = {
        id: randomId('ord_', 16),
        partnerId: partner.id,
        partnerOrderId: conversion.orderId,
        clickId: conversion.clickId ?? null,
        creatorId: touch?.creatorId ?? null,
        status: 'placed',
        timeline: [{ status: 'placed', at }],
        lines: [],
        total: { amount: 0, currency },
      };
      // A first callback may report a later status: the skipped ones are filled in.
      order = applyStatus(placed, conversion.status, at);
    }
    const { status } = order;
    // Each callback describes the whole order: its lines replace the stored ones.
    order.lines = conversion.lines.map((line, index): OrderLine => {
      const recommendationId = recommendationFor(index, line.sku);
      return {
        ...(recommendationId !== undefined && { recommendationId }),
        ...(line.sku !== undefined && { sku: line.sku }),
        title: line.title,
        quantity: line.quantity,
        amount: { amount: line.amount, currency },
        ...(status === 'refunded' && { refunded: { amount: line.refundedAmount ?? line.amount, currency } }),
      };
    });
    order.total = { amount: order.lines.reduce((sum, line) => sum + line.amount.amount, 0), currency };

    const attributed = [...new Set(order.lines.flatMap((line) => line.recommendationId ?? []))];
    const owners = new Map((await store.cards(attributed)).map((card) => [card.recommendation.id, card.recommendation.creatorId]));
    const commissions = planCommissions({
      orderId: order.id,
      partner,
      status,
      at,
      existing: await store.commissionsForOrder(order.id),
      lines: order.lines.map((line) => ({
        amount: line.amount,
        creatorId: (line.recommendationId !== undefined && owners.get(line.recommendationId)) || null,
        recommendationId: line.recommendationId ?? null,
        refunded: line.refunded,
      })),
    });
    await store.saveOrder(order);
    await store.saveCommissions(order.id, commissions);
    return order;
  }

  /** The touch this conversion is attributed to: a click on this partner, inside its window; or `null`. */
  async function attribute(partner: Partner, conversion: Conversion): Promise<Touch | null> {
    if (!conversion.clickId) return null;
    const touches = (await store.touchesByClickIds([conversion.clickId])).filter((touch) => touch.partnerId === partner.id);
    if (touches.length === 0) return null;
    return resolveAttribution({ touches, partner, orderAt: conversion.occurredAt });
  }

  const routes: Route[] = [
    { pattern: /^\/v1\/partners$/, access: 'public', methods: { GET: partners } },
    { pattern: /^\/v1\/cards$/, access: 'public', methods: { GET: cards } },
    { pattern: /^\/v1\/creators\/([^/]+)\/showcase$/, access: 'public', methods: { GET: showcase } },
    { pattern: /^\/v1\/events$/, access: 'public', methods: { POST: events } },
    { pattern: /^\/v1\/orders\/lookup$/, access: 'public', methods: { POST: lookup } },
    { pattern: /^\/v1\/creators\/([^/]+)\/stats$/, access: 'creator', methods: { GET: stats } },
    { pattern: /^\/v1\/recommendations$/, access: 'creator', methods: { POST: recommendations } },
    { pattern: /^\/v1\/partner\/conversions$/, access: 'partner', methods: { POST: conversions } },
  ];

  /** CORS headers for `route`: public routes allow any origin, creator routes `corsOrigins`, partner routes none. */
  function cors(route: Route, request: Request): Record<string, string> {
    if (route.access === 'partner') return {};
    if (route.access === 'public' || corsOrigins === '*') return { 'Access-Control-Allow-Origin': '*' };
    const origin = request.headers.get('origin');
    return origin !== null && corsOrigins.includes(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
  }

  async function route(request: Request, url: URL, context: RequestContext): Promise<{ response: Response; error?: unknown }> {
    let found: Route | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of routes) {
      match = candidate.pattern.exec(url.pathname);
      if (match) {
        found = candidate;
        break;
      }
    }
    if (!found || !match) return { response: problem(404, 'not_found', `No route for ${url.pathname}`) };
    const headers = cors(found, request);
    const methods = Object.keys(found.methods);
    if (found.access !== 'partner') methods.push('OPTIONS');
    const handler = found.methods[request.method];
    try {
      if (request.method === 'OPTIONS' && found.access !== 'partner') {
        return {
          response: new Response(null, {
            status: 204,
            headers: {
              ...headers,
              'Access-Control-Allow-Methods': methods.join(', '),
              'Access-Control-Allow-Headers': found.access === 'creator' ? 'Authorization, Content-Type, Idempotency-Key' : 'Content-Type',
              'Access-Control-Max-Age': '86400',
            },
          }),
        };
      }
      if (!handler) throw new Refusal(405, 'method_not_allowed', `${request.method} is not allowed here`, { Allow: methods.join(', ') });
      const params = match.slice(1).map((param) => checkId(decode(param), 'path'));
      const response = await handler(request, url, params, context);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return { response };
    } catch (error) {
      const response = toProblem(error);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response.status === 500 ? { response, error } : { response };
    }
  }

  return {
    async fetch(request, context = {}) {
      const started = now();
      const url = new URL(request.url);
      if (basePath && url.pathname.startsWith(`${basePath}/`)) url.pathname = url.pathname.slice(basePath.length);
      const { response, error } = await route(request, url, context);
      if (log) {
        const failure = error === undefined ? '' : ` (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`;
        log(`${request.method} ${url.pathname} ${response.status} ${now() - started}ms${failure}`);
      }
      return response;
    },
  };
}

/** A JSON response. */
function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** An RFC 9457 problem response. */
function problem(status: number, code: string, detail: string, headers: Record<string, string> = {}): Response {
  const body = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, code };
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json', ...headers } });
}

/** Maps anything a route threw to a problem response; unexpected errors become an opaque 500. */
function toProblem(error: unknown): Response {
  if (error instanceof Refusal) return problem(error.status, error.problemCode, error.message, error.headers);
  if (isVitrineError(error)) {
    switch (error.code) {
      case 'invalid_signature':
      case 'stale_timestamp':
        return problem(401, error.code, error.message);
      case 'invalid_transition':
        return problem(409, error.code, error.message);
      case 'unsafe_link':
        return problem(422, error.code, error.message);
      case 'not_found':
        return problem(404, error.code, error.message);
      case 'invalid_input':
        return problem(400, error.code, error.message);
    }
  }
  return problem(500, 'internal', 'The platform failed to handle this request');
}

function checkId(value: string, what: string): string {
  if (!Id.safeParse(value).success) throw new Refusal(400, 'invalid_input', `${what}: invalid id "${value.slice(0, 70)}"`);
  return value;
}

function decode(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

/** Reads the body as bytes, refusing (413) more than `limit` bytes whatever Content-Length claims. */
async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new Refusal(413, 'payload_too_large', `The body must not exceed ${limit} bytes`);
  if (Number(request.headers.get('content-length')) > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads a bounded JSON body; `textPlain` also accepts `text/plain` (sendBeacon, simple CORS requests). */
async function readJson(request: Request, limit: number, textPlain: boolean): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !(textPlain && type === 'text/plain')) {
    throw new Refusal(415, 'unsupported_media_type', `Send ${textPlain ? 'application/json or text/plain' : 'application/json'}`);
  }
  const bytes = await readBody(request, limit);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Refusal(400, 'invalid_input', 'The body is not valid UTF-8 JSON');
  }
}

function randomId(prefix: string, bytes: number): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return prefix + btoa(String.fromCharCode(...random)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
