/**
 * The reference platform server: the SDK's v1 platform handler on Hono, over a
 * SQL store (PGlite on disk, or PostgreSQL when a database URL is given), with
 * the demo images and a health check. Listens on 127.0.0.1 only.
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { ValidationError } from 'vitrine';
import { createPlatform, createWebhookDispatcher, parseCatalog, type PlatformStore } from 'vitrine/platform';
import { createSqlStore, loadCatalog, type SqlClient } from 'vitrine/platform/sql';
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
}

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
 * Routes: `/v1/*` (the platform API), `/img/*` (demo images), `/healthz`.
 */
export async function startPlatform(options: PlatformServerOptions = {}): Promise<PlatformServer> {
  const { port = 8787, seedPath = DEFAULT_SEED, dataDir = '.vitrine-data/platform', databaseUrl, log } = options;
  const shop = toOrigin(options.shopOrigin ?? 'http://127.0.0.1:8788');
  const seed = await readSeedFile(seedPath);
  const catalogFor = (platform: string) => parseCatalog(fillPlaceholders(seed, { shop, platform }), seedPath);
  catalogFor(`http://${HOST}:${port || 8787}`); // fail fast, before the database starts

  const db: SqlClient = databaseUrl ? openPostgres(databaseUrl) : await openPglite(dataDir);
  let server: Server | undefined;
  let closing: Promise<void> | undefined;
  let outboxTimer: ReturnType<typeof setInterval> | undefined;
  let delivering: Promise<unknown> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(outboxTimer);
      await delivering;
      if (server) {
        const stopped = new Promise<void>((resolve) => server!.close(() => resolve()));
        // Idle keep-alive connections close now; busy ones get a moment to finish.
        server.closeIdleConnections();
        const force = setTimeout(() => server!.closeAllConnections(), 2000);
        await stopped;
        clearTimeout(force);
      }
      await db.close();
    })());

  try {
    const store = await createSqlStore(db);
    const platform = createPlatform({ store, log });
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
      if (log && !c.req.path.startsWith('/v1/')) log(`${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
    });
    app.all('/v1/*', (c) => platform.fetch(c.req.raw, { clientAddress: c.env.incoming.socket.remoteAddress }));
    app.get('/img/:name', (c) => image(c.req.param('name')));
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
      const started = serve({ fetch: app.fetch, port, hostname: HOST, overrideGlobalObjects: false }, resolve) as Server;
      started.once('error', reject);
      server = started;
    });
    const url = `http://${HOST}:${address.port}`;
    await loadCatalog(db, catalogFor(url));
    markReady();
    // Outgoing webhooks (order.updated to partners): the outbox is polled every
    // `webhookIntervalMs`; one delivery round at a time.
    const dispatcher = createWebhookDispatcher({ store, ...(log && { log }) });
    outboxTimer = setInterval(() => {
      delivering ??= dispatcher
        .deliverDue()
        .catch((error: unknown) => log?.(`webhook delivery failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (delivering = undefined));
    }, options.webhookIntervalMs ?? 1000);
    outboxTimer.unref();
    return { url, store, close };
  } catch (error) {
    await close();
    throw error;
  }
}
