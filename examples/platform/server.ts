/**
 * The reference platform server: the SDK's v1 platform handler on Hono, over a
 * SQL store (PGlite on disk, or PostgreSQL when a database URL is given), with
 * the demo images and a health check. Listens on 127.0.0.1 only.
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { ValidationError } from 'vitrine';
import { createPlatform, createWebhookDispatcher, parseCatalog, type PlatformOptions, type PlatformStore } from 'vitrine/platform';
import { createSqlStore, loadCatalog, type SqlClient } from 'vitrine/platform/sql';
import { renderCardHtml } from 'vitrine/ssr';
import { openPglite, openPostgres } from './db.ts';
import { DEFAULT_SEED, fillPlaceholders, readSeedFile } from './seed.ts';

/** Options of {@link startPlatform}. */
export interface PlatformServerOptions {
  /** TCP port (default 8787); `0` picks a free one. */
  port?: number;
  /** The only interface the server listens on. */
  host?: '127.0.0.1';
  /** The seed catalog (default: the demo `seed.json` next to this file). */
  seedPath?: string;
  /** PGlite data directory (default `.vitrine-data/platform`); unused with `databaseUrl`. */
  dataDir?: string;
  /** A PostgreSQL URL: use this database instead of PGlite. */
  databaseUrl?: string;
  /** The partner-shop simulator's origin, written into the seed's `{{shop}}` (default `http://127.0.0.1:8788`). */
  shopOrigin?: string;
  /** Receives one line per request (`METHOD /path status Nms`). Default: silent. */
  log?: (line: string) => void;
  /** How often the outbox of outgoing webhooks is delivered, in ms (default 1000). */
  webhookIntervalMs?: number;
  /** Per-attempt timeout of an outgoing webhook, in ms (default 5000). */
  webhookTimeoutMs?: number;
  /** Keys for the admin routes (payouts, statements, secret rotation); none: those routes answer 401. */
  adminKeys?: readonly string[];
  /** The HTTP server's limits (see {@link SERVER_LIMITS}); tests shrink them. */
  limits?: Partial<ServerLimits>;
  /** More options of the platform handler (`eventRateLimit`, `retention`, `visitorSalt`, `ingest`, …); the benchmark turns the event rate limit off. */
  platform?: Omit<PlatformOptions, 'store' | 'log' | 'adminKeys'>;
  /** The outgoing webhooks' retry schedule (default `WEBHOOK_RETRY_SCHEDULE_MS`); tests shorten it. */
  webhookScheduleMs?: readonly number[];
  /** How often background work (retention) is attempted, in ms (default 60 000; one process of many runs it). */
  maintenanceIntervalMs?: number;
}

/** The limits of the platform's HTTP server: what one client, slow or many-socketed, can hold. */
export interface ServerLimits {
  /** All request headers must arrive within this many ms (slowloris), else 408 and close. */
  headersTimeoutMs: number;
  /** The whole request, body included, within this many ms, else 408 and close. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this many ms. */
  keepAliveTimeoutMs: number;
  /** Most header lines read per request (the rest are dropped). */
  maxHeadersCount: number;
  /** Largest request head (request line + headers), in bytes; larger: 431. */
  maxHeaderSize: number;
  /** Open connections from one client address; a connection beyond it is closed at once. */
  maxConnectionsPerClient: number;
  /** Open connections in all. */
  maxConnections: number;
  /** On stop, requests in flight get this many ms to finish before their connections are closed. */
  shutdownGraceMs: number;
}

/**
 * The platform server's limits, set deliberately (Node's defaults allow 60 s
 * for headers, 300 s per request and unlimited connections per client, which
 * lets one host hold the server with slow connections): a request's headers
 * within 10 s, the whole request within 30 s (bodies are at most 256 KiB),
 * idle keep-alive 5 s, 64 header lines of 16 KiB in all, 64 connections per
 * client address and 4096 in all; on stop, 5 s for requests in flight, so a
 * SIGTERM completes within 10 s.
 */
export const SERVER_LIMITS: Readonly<ServerLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeadersCount: 64,
  maxHeaderSize: 16 * 1024,
  maxConnectionsPerClient: 64,
  maxConnections: 4096,
  shutdownGraceMs: 5_000,
};

/** A running platform server. */
export interface PlatformServer {
  /** Its origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** The store behind it (for tests and tools). */
  store: PlatformStore;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** The share routes of the platform handler (everything else it serves is under /v1/). */
const SHARE_PATHS = /^\/(r\/|go\/|@|t(\/|$)|oembed$)/;
/** The hydration script of the package's build, served to the share pages. */
const HYDRATE_SCRIPT = createRequire(import.meta.url).resolve('vitrine/vitrine-hydrate.js');
const PUBLIC_IMG = fileURLToPath(new URL('./public/img/', import.meta.url));
const IMAGE_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
};

function problem(status: number, title: string, code: string, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail, code }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

/** Serves `/img/<name>.<ext>` from `public/img/`; names are checked, so no path can escape the folder. */
function imageHandler(): (name: string) => Promise<Response> {
  const cache = new Map<string, Uint8Array<ArrayBuffer>>();
  return async (name) => {
    const match = /^([a-z0-9][a-z0-9-]{0,63})\.([a-z]{3,4})$/.exec(name);
    const type = match ? IMAGE_TYPES[match[2]!] : undefined;
    if (!type) return problem(404, 'Not Found', 'not_found', `No image ${name.slice(0, 80)}`);
    let bytes = cache.get(name);
    if (!bytes) {
      try {
        bytes = new Uint8Array(await readFile(PUBLIC_IMG + name));
      } catch {
        return problem(404, 'Not Found', 'not_found', `No image ${name}`);
      }
      cache.set(name, bytes);
    }
    return new Response(bytes, {
      headers: {
        'Content-Type': type,
        'Content-Length': String(bytes.byteLength),
        'Cache-Control': 'public, max-age=86400',
        'X-Content-Type-Options': 'nosniff',
        // Embeds on other origins load these; an SVG opened directly may not run anything.
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      },
    });
  };
}

/** Closes, at once, any connection beyond `max` open ones from the same client address. */
function limitConnectionsPerClient(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/** `http://127.0.0.1:8788/` → `http://127.0.0.1:8788`; throws a `ValidationError` for anything but an http(s) origin. */
function toOrigin(value: string): string {
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search) return url.origin;
  } catch {
    // reported below
  }
  throw new ValidationError('shopOrigin', [{ message: `expected an origin such as http://127.0.0.1:8788, got "${value}"` }], 'config');
}

/**
 * Starts the platform: validates the seed (a bad one throws a `ValidationError`
 * with code `config` naming the file, the path and the reason, before anything
 * else starts), opens the database and applies migrations, listens on
 * 127.0.0.1, then upserts the seed catalog with the actual origins. Requests
 * arriving before the catalog is loaded wait for it.
 *
 * Routes: `/v1/*` (the platform API), the share pages (`/r/*`, `/go/*`,
 * `/@handle`, `/oembed`, `/t/*`, server-rendered with `vitrine/ssr`),
 * `/assets/vitrine-hydrate.js`, `/img/*` (demo images), `/healthz`.
 */
export async function startPlatform(options: PlatformServerOptions = {}): Promise<PlatformServer> {
  const { port = 8787, seedPath = DEFAULT_SEED, dataDir = '.vitrine-data/platform', databaseUrl, log } = options;
  const shop = toOrigin(options.shopOrigin ?? 'http://127.0.0.1:8788');
  const seed = await readSeedFile(seedPath);
  const catalogFor = (platform: string) => parseCatalog(fillPlaceholders(seed, { shop, platform }), seedPath);
  catalogFor(`http://${HOST}:${port || 8787}`); // fail fast, before the database starts

  const limits = { ...SERVER_LIMITS, ...options.limits };
  const db: SqlClient = databaseUrl ? openPostgres(databaseUrl) : await openPglite(dataDir);
  let server: Server | undefined;
  let closing: Promise<void> | undefined;
  let outboxTimer: ReturnType<typeof setInterval> | undefined;
  let maintenanceTimer: ReturnType<typeof setInterval> | undefined;
  let dispatcher: ReturnType<typeof createWebhookDispatcher> | undefined;
  // Stopping: no new deliveries (those in flight are aborted and stay due),
  // idle connections closed now, requests in flight given the grace period,
  // then the database closed. Bounded: a SIGTERM completes within 10 s.
  const close = () =>
    (closing ??= (async () => {
      clearInterval(outboxTimer);
      clearInterval(maintenanceTimer);
      const delivered = dispatcher?.close();
      if (server) {
        const stopped = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server!.closeAllConnections(), limits.shutdownGraceMs);
        await stopped;
        clearTimeout(force);
      }
      await delivered;
      await db.close();
    })());

  try {
    const store = await createSqlStore(db);
    const platform = createPlatform({
      ...options.platform,
      store,
      log,
      ...(options.adminKeys && { adminKeys: options.adminKeys }),
      // pageSize 4: the demo's creators (6 and 5 picks) show the link-in-bio page's plain pagination.
      share: { render: renderCardHtml, siteName: 'Vitrine Demo', script: '/assets/vitrine-hydrate.js', defaultLocale: 'zh-CN', pageSize: 4 },
    });
    const hydrateScript = await readFile(HYDRATE_SCRIPT);
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const image = imageHandler();

    // HttpBindings: c.env.incoming is Node's request, for the client's address.
    const app = new Hono<{ Bindings: HttpBindings }>();
    app.use(async (c, next) => {
      await ready;
      const started = performance.now();
      await next();
      // The platform handler logs its own requests (with failure details).
      if (log && !c.req.path.startsWith('/v1/') && !SHARE_PATHS.test(c.req.path)) log(`${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
    });
    app.all('/v1/*', (c) => platform.fetch(c.req.raw, { clientAddress: c.env.incoming.socket.remoteAddress }));
    app.get('/img/:name', (c) => image(c.req.param('name')));
    app.get('/assets/vitrine-hydrate.js', () =>
      new Response(hydrateScript, { headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' } }),
    );
    app.get('*', (c, next) => (SHARE_PATHS.test(c.req.path) ? platform.fetch(c.req.raw, { clientAddress: c.env.incoming.socket.remoteAddress }) : next()));
    app.get('/healthz', async () => {
      try {
        await db.query('select 1');
        return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
      } catch {
        return problem(503, 'Service Unavailable', 'unavailable', 'The database does not answer');
      }
    });
    app.notFound((c) => problem(404, 'Not Found', 'not_found', `No route for ${c.req.path}`));
    app.onError(() => problem(500, 'Internal Server Error', 'internal', 'The platform failed to handle this request'));

    const address = await new Promise<AddressInfo>((resolve, reject) => {
      const started = serve(
        {
          fetch: app.fetch,
          port,
          hostname: HOST,
          overrideGlobalObjects: false,
          serverOptions: {
            headersTimeout: limits.headersTimeoutMs,
            requestTimeout: limits.requestTimeoutMs,
            keepAliveTimeout: limits.keepAliveTimeoutMs,
            maxHeaderSize: limits.maxHeaderSize,
            // How often Node checks the two timeouts above (default 30 s would let them overrun).
            connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
          },
        },
        resolve,
      ) as Server;
      started.once('error', reject);
      started.maxHeadersCount = limits.maxHeadersCount;
      started.maxConnections = limits.maxConnections;
      limitConnectionsPerClient(started, limits.maxConnectionsPerClient);
      server = started;
    });
    const url = `http://${HOST}:${address.port}`;
    await loadCatalog(db, catalogFor(url));
    markReady();
    // Outgoing webhooks (order.updated to partners): the outbox is polled every
    // `webhookIntervalMs`. Rounds overlap: each partner is delivered on its
    // own, so one hanging endpoint delays only its own partner's messages.
    const outbox = createWebhookDispatcher({
      store,
      ...(options.webhookTimeoutMs && { timeoutMs: options.webhookTimeoutMs }),
      ...(options.webhookScheduleMs && { schedule: options.webhookScheduleMs }),
      ...(log && { log }),
    });
    dispatcher = outbox;
    outboxTimer = setInterval(() => {
      outbox.deliverDue().catch((error: unknown) => log?.(`webhook delivery failed: ${error instanceof Error ? error.message : String(error)}`));
    }, options.webhookIntervalMs ?? 1000);
    outboxTimer.unref();
    // Retention and other background work: every process tries, one per period runs it (store.claimJob).
    const maintain = () => platform.maintain().catch((error: unknown) => log?.(`maintenance failed: ${error instanceof Error ? error.message : String(error)}`));
    void maintain();
    maintenanceTimer = setInterval(maintain, options.maintenanceIntervalMs ?? 60_000);
    maintenanceTimer.unref();
    return { url, store, close };
  } catch (error) {
    await close();
    throw error;
  }
}
