/**
 * `createPlatform`: the v1 platform API as one standard fetch handler over a
 * `PlatformStore`, put together from the route table (`routes.ts`), the HTTP
 * plumbing (`http.ts`) and the domain steps (`domain/`). The same handler
 * serves the msw mocks of `vitrine/testing` (memory store) and the example
 * platform server (SQL store).
 */
import { VitrineError } from '../errors.js';
import { randomId, sha256Hex } from '../internal/ids.js';
import { createIngest } from './domain/events.js';
import { createChangeHub, createStreamTokens } from './stream.js';
import { DAY } from './store/buckets.js';
import { createRouter, toProblem } from './http.js';
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
   * Rate of `POST /v1/events` per client address, in events: `perMinute` on
   * average (default {@link DEFAULT_EVENT_RATE}: 12 000, 200 a second), `burst`
   * at once (default 2 000). Sized for real pages: a page view sends a few to
   * a few hundred events (an impression per card seen, clicks, cart), and one
   * address may be a whole office or a carrier's NAT with hundreds of readers;
   * a client over the rate gets 429 with `Retry-After`, which the SDK's event
   * queue honours (nothing is lost). `false` turns it off (benchmarks).
   * Clients are told apart by `context.clientAddress` of `fetch`.
   */
  eventRateLimit?: { perMinute?: number; burst?: number } | false | undefined;
  /**
   * How long data is kept: raw events `rawEventsDays` (default 35; older
   * events are filtered `stale` on arrival and whole day partitions are
   * dropped), minute rollups `minuteRollupsDays` (default 3), the change feed
   * of live streams `changesMinutes` (default 60). Hourly rollups, click
   * bindings and checkouts (attribution) are kept.
   */
  retention?: { rawEventsDays?: number; minuteRollupsDays?: number; changesMinutes?: number } | undefined;
  /**
   * Salt of the daily visitor keys that count a visitor's repeated clicks
   * once per hour (a hash of salt, day, address and user agent; nothing else
   * about the reader is kept). Default: the store's `visitor` secret
   * (`store.platformSecret`), made once at random and shared by every process
   * on the same database; give it to override that.
   */
  visitorSalt?: string | undefined;
  /**
   * Whether `POST /v1/events` keeps invalid traffic by its headers out of the
   * numbers: bot user agents (`isbot`'s list) filtered `bot`, prefetches and
   * prerenders `prefetch` (default `true`). The test platform of
   * `vitrine/testing` turns it off by default: Node's fetch says `node`.
   */
  filterBots?: boolean | undefined;
  /**
   * Secret of the short-lived stream tokens (`POST /v1/stream/tokens`), at
   * least 16 characters. Every process of a platform must use the same one,
   * so that any process serves any stream. Default: the store's `stream`
   * secret (`store.platformSecret`), made once at random and shared by every
   * process on the same database; give it to override that.
   */
  streamSecret?: string | undefined;
  /** Group commit of `POST /v1/events`: most events per transaction (default 5 000), transactions in flight (default 2). */
  ingest?: { maxBatch?: number; concurrency?: number } | undefined;
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

/** Default per-client event rate of `POST /v1/events` (see `PlatformOptions.eventRateLimit`). */
export const DEFAULT_EVENT_RATE = { perMinute: 12_000, burst: 2_000 } as const;

/** Default retention (see `PlatformOptions.retention`). */
export const DEFAULT_RETENTION = { rawEventsDays: 35, minuteRollupsDays: 3, changesMinutes: 60 } as const;

/** A platform: hand it any `Request`, get the v1 API's `Response`. */
export interface Platform {
  fetch(request: Request, context?: RequestContext): Promise<Response>;
  /**
   * Background work, claimed by one process per period across every process
   * sharing the store (`store.claimJob`): retention (`store.prune`) once an
   * hour. Call it on a timer (the example server does, every minute);
   * resolves to what ran.
   */
  maintain(): Promise<{ pruned: boolean; rawDays: number }>;
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
      : createRateLimiter({
          perMinute: options.eventRateLimit?.perMinute ?? DEFAULT_EVENT_RATE.perMinute,
          burst: options.eventRateLimit?.burst ?? DEFAULT_EVENT_RATE.burst,
          now,
        });
  const retention = { ...DEFAULT_RETENTION, ...options.retention };
  const ingest = createIngest({ store, now, maxBatch: options.ingest?.maxBatch, concurrency: options.ingest?.concurrency });
  if (options.streamSecret !== undefined && options.streamSecret.length < 16) {
    throw new VitrineError('config', 'streamSecret must have at least 16 characters');
  }
  const hub = createChangeHub(store);
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const adminKeys = options.adminKeys ?? [];
  if (adminKeys.some((key) => !/^[\x21-\x7e]{16,256}$/.test(key))) {
    throw new VitrineError('config', 'Each admin key must be 16–256 printable ASCII characters');
  }
  const share = options.share
    ? shareRoutes({ store, now, basePath, share: options.share, tokenLimiter: createRateLimiter({ perMinute: 20, burst: 10, now }) })
    : [];
  let router: Promise<Awaited<ReturnType<typeof createRouter<RequestContext>>>> | undefined;
  // Hashes are computed and the shared secrets read once (both async), on the first request; a failure is tried again on the next.
  const setup = async () => {
    const [adminKeyHashes, streamSecret, visitorSalt] = await Promise.all([
      Promise.all(adminKeys.map((key) => sha256Hex(key))),
      options.streamSecret ?? store.platformSecret('stream', randomId(32)),
      options.visitorSalt ?? store.platformSecret('visitor', randomId(24)),
    ]);
    return { adminKeyHashes, streamTokens: createStreamTokens(streamSecret), visitorSalt };
  };
  const routing = () =>
    (router ??= setup()
      .then(({ adminKeyHashes, streamTokens, visitorSalt }) =>
        createRouter(
          [
            ...share,
            ...v1Routes({
              store,
              now,
              maxEventBody: options.maxEventBody ?? 64 * 1024,
              eventLimiter,
              adminKeyHashes,
              ingest,
              visitorSalt,
              filterBots: options.filterBots ?? true,
              hub,
              streamTokens,
              maxEventAgeMs: (retention.rawEventsDays - 1) * DAY,
            }),
          ],
          { corsOrigins: options.corsOrigins ?? '*' },
        ),
      )
      .catch((error: unknown) => {
        router = undefined;
        throw error;
      }));

  return {
    async fetch(request, context = {}) {
      const started = now();
      const url = new URL(request.url);
      if (basePath && url.pathname.startsWith(`${basePath}/`)) url.pathname = url.pathname.slice(basePath.length);
      const { response, error } = await routing().then(
        (route) => route(request, url, context),
        (failure: unknown) => ({ response: toProblem(failure), error: failure }),
      );
      if (log) {
        const failure = error === undefined ? '' : ` (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`;
        log(`${request.method} ${url.pathname} ${response.status} ${now() - started}ms${failure}`);
      }
      return response;
    },
    async maintain() {
      const at = now();
      if (!(await store.claimJob('retention', at, 3_600_000))) return { pruned: false, rawDays: 0 };
      const { rawDays } = await store.prune({
        rawBefore: at - retention.rawEventsDays * DAY,
        minutesBefore: at - retention.minuteRollupsDays * DAY,
        changesBefore: at - retention.changesMinutes * 60_000,
        now: at,
      });
      return { pruned: true, rawDays };
    },
  };
}
