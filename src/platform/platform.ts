/**
 * `createPlatform`: the v1 platform API as one standard fetch handler over a
 * `PlatformStore`, put together from the route table (`routes.ts`), the HTTP
 * plumbing (`http.ts`) and the domain steps (`domain/`). The same handler
 * serves the msw mocks of `vitrine/testing` (memory store) and the example
 * platform server (SQL store).
 */
import { VitrineError } from '../errors.js';
import { sha256Hex } from '../internal/ids.js';
import { createRouter } from './http.js';
import { createRateLimiter } from './rate-limit.js';
import { v1Routes, type RequestContext } from './routes.js';
import { shareRoutes, type ShareOptions } from './share/routes.js';
import type { PlatformStore } from './store/store.js';

export type { RequestContext } from './routes.js';

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
  /**
   * Keys of the platform's operators, for the admin routes (`POST
   * /v1/admin/payouts`, statements, webhook secret rotation) as `Authorization:
   * Bearer <key>`; 16–256 printable ASCII characters each. None (default): the
   * admin routes answer 401 to everyone.
   */
  adminKeys?: readonly string[] | undefined;
  /**
   * The share routes, for cards where scripts do not run (see
   * docs/share-pages.md): `GET /r/{id}` (server-rendered share page),
   * `/r/{id}/embed`, `/r/{id}/qr.svg`, `/go/{id}?offer=` (server-minted click,
   * 302), `/@{handle}` (link-in-bio), `/oembed`, `/t/{token}` and
   * `GET /v1/cards/{id}/share`. Off unless given (`{}` turns them on with
   * plain HTML); give `render: renderCardHtml` from `vitrine/ssr` for the
   * elements themselves, server-rendered.
   */
  share?: ShareOptions | undefined;
}

/** A platform: hand it any `Request`, get the v1 API's `Response`. */
export interface Platform {
  fetch(request: Request, context?: RequestContext): Promise<Response>;
}

/**
 * Creates the v1 platform API (see docs/platform.md) as a fetch handler:
 * `GET /v1/partners`, `GET /v1/cards`, `GET /v1/creators/{id}/showcase`,
 * `POST /v1/events`, `POST /v1/orders/lookup`, `GET /v1/creators/{id}/stats`,
 * `POST /v1/recommendations` and `POST /v1/partner/conversions` (each
 * callback recorded in one `store.transaction`). Errors are RFC 9457
 * `application/problem+json` with a `code`, never a stack trace. Mount it in
 * any server that speaks `Request`/`Response` (Hono, Deno, Bun, workers) or in msw.
 */
export function createPlatform(options: PlatformOptions): Platform {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  const eventLimiter =
    options.eventRateLimit === false
      ? undefined
      : createRateLimiter({ perMinute: options.eventRateLimit?.perMinute ?? 600, burst: options.eventRateLimit?.burst ?? 200, now });
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const adminKeys = options.adminKeys ?? [];
  if (adminKeys.some((key) => !/^[\x21-\x7e]{16,256}$/.test(key))) {
    throw new VitrineError('config', 'Each admin key must be 16–256 printable ASCII characters');
  }
  const share = options.share
    ? shareRoutes({ store, now, basePath, share: options.share, tokenLimiter: createRateLimiter({ perMinute: 20, burst: 10, now }) })
    : [];
  let router: Promise<Awaited<ReturnType<typeof createRouter<RequestContext>>>> | undefined;
  // Hashes are computed once (Web Crypto is async), on the first request.
  const routing = () =>
    (router ??= Promise.all(adminKeys.map((key) => sha256Hex(key))).then((adminKeyHashes) =>
      createRouter([...share, ...v1Routes({ store, now, maxEventBody: options.maxEventBody ?? 64 * 1024, eventLimiter, adminKeyHashes })], {
        corsOrigins: options.corsOrigins ?? '*',
      }),
    ));

  return {
    async fetch(request, context = {}) {
      const started = now();
      const url = new URL(request.url);
      if (basePath && url.pathname.startsWith(`${basePath}/`)) url.pathname = url.pathname.slice(basePath.length);
      const { response, error } = await (await routing())(request, url, context);
      if (log) {
        const failure = error === undefined ? '' : ` (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`;
        log(`${request.method} ${url.pathname} ${response.status} ${now() - started}ms${failure}`);
      }
      return response;
    },
  };
}
