/**
 * The bench's two local origins, both HTTPS with HTTP/2 on 127.0.0.1 (port 0),
 * as a CDN and an API would be in production (HTTP/1.1 on loopback would cap
 * the Buy Button's one-request-per-card at six connections, which no real
 * Storefront API does):
 *
 *   pages  the bench pages, the script-tag bundle `dist/…`, Buy Button JS and
 *          the product images. JavaScript is sent gzip -9 (precompressed).
 *   api    Vitrine's reference platform (`createPlatform` over the memory store)
 *          under `/v1/`, and a Storefront API stub under `/api/<version>/graphql`
 *          answering the product query Buy Button JS sends. Every API request,
 *          CORS preflights included, waits the same stubbed latency.
 *
 * The certificate is self-signed for 127.0.0.1 and made at start; Chromium
 * trusts it through `--ignore-certificate-errors-spki-list` (see `spki`), so
 * pages are a normal secure context (no certificate-error mode).
 *
 * The server tallies what it served (requests per route, JavaScript bytes) so
 * that one run's figures can be taken with `take()`; runs are sequential.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import selfsigned from 'selfsigned';
import { createMemoryStore, createPlatform, type Catalog, type PlatformStore } from 'vitrine/platform';
import { recommendationId, storefrontProduct } from './catalog.ts';
import { renderPage, type PageKind } from './pages.ts';

/** What the server sent during one run. */
export interface Tally {
  /** API requests (CORS preflights excluded), per route: `GET /v1/cards`, `POST graphql`, … */
  api: Record<string, number>;
  /** CORS preflights (`OPTIONS`) answered by the API origin. */
  preflights: number;
  /** JavaScript files served: bytes as sent (gzip -9 body) and decoded. */
  js: Array<{ path: string; encoded: number; decoded: number }>;
  /** Product and avatar images served. */
  images: number;
  /** Requests nothing answers (404): a page asking for something the bench did not expect. */
  unexpected: string[];
}

export interface BenchServer {
  pagesOrigin: string;
  apiOrigin: string;
  /** base64 SHA-256 of the certificate's public key, for `--ignore-certificate-errors-spki-list`. */
  spki: string;
  /** The page URL of a bench page. */
  pageUrl(kind: PageKind, count: number): string;
  /** Returns what was served since the last call, and starts a new tally. */
  take(): Tally;
  close(): Promise<void>;
}

export interface BenchServerOptions {
  /** The catalog of the largest page; pages of `count` cards use its first `count` products. */
  catalog: (imagesOrigin: string) => Promise<Catalog>;
  /** The stubbed latency of every API response, in ms. */
  latencyMs: number;
}

const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const ROOTS = {
  dist: file('../../../dist/'),
  buyButton: file('../../../node_modules/@shopify/buy-button-js/dist/'),
  images: file('../../../examples/platform/public/img/'),
};
const IMAGE_TYPES: Record<string, string> = { svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };
const STOREFRONT_ROUTE = /^\/api\/[\w-]+\/graphql(\.json)?$/;
const SHOPIFY_PRODUCT_GID = /^gid:\/\/shopify\/Product\/(\d+)$/;

const emptyTally = (): Tally => ({ api: {}, preflights: 0, js: [], images: 0, unexpected: [] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A self-signed certificate for 127.0.0.1 and the hash Chromium needs to trust it. */
async function certificate(): Promise<{ key: string; cert: string; spki: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const der = createPublicKey(pems.cert).export({ type: 'spki', format: 'der' });
  return { key: pems.private, cert: pems.cert, spki: createHash('sha256').update(der).digest('base64') };
}

function listen(server: Http2SecureServer): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`https://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** Static files by name inside one root (no path ever leaves it), cached with their gzip -9 form. */
function fileCache() {
  const cache = new Map<string, { raw: Uint8Array; gzip: Uint8Array }>();
  return async (root: string, name: string) => {
    if (!/^[\w-]+(\.[\w-]+)*$/.test(name)) return undefined;
    const path = root + name;
    let entry = cache.get(path);
    if (!entry) {
      const raw = await readFile(path).catch(() => undefined);
      if (!raw) return undefined;
      entry = { raw, gzip: gzipSync(raw, { level: 9 }) };
      cache.set(path, entry);
    }
    return entry;
  };
}

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const { key, cert, spki } = await certificate();
  const pages = createSecureServer({ key, cert, allowHTTP1: true });
  const api = createSecureServer({ key, cert, allowHTTP1: true });
  const pagesOrigin = await listen(pages);
  const apiOrigin = await listen(api);

  const catalog = await options.catalog(pagesOrigin);
  const store: PlatformStore = createMemoryStore(catalog);
  const statsCreator = catalog.creators.find((creator) => creator.id === 'creator-lin');
  const platform = createPlatform({ store, eventRateLimit: false });
  const files = fileCache();
  let tally = emptyTally();

  async function staticFile(request: Request, root: string, name: string, type: string): Promise<Response> {
    const entry = await files(root, name);
    if (!entry) return notFound(request);
    const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    let body = entry.raw;
    if (/^text\/(javascript|css)/.test(type) && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) {
      body = entry.gzip;
      headers['Content-Encoding'] = 'gzip';
    }
    if (type.startsWith('text/javascript')) tally.js.push({ path: new URL(request.url).pathname, encoded: body.byteLength, decoded: entry.raw.byteLength });
    return new Response(body.slice(), { headers });
  }

  function notFound(request: Request): Response {
    const url = new URL(request.url);
    tally.unexpected.push(`${request.method} ${url.pathname}`);
    return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  }

  async function servePages(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if ((match = /^\/(vitrine|buy-button|all-elements)\.html$/.exec(path))) {
      const count = Number(url.searchParams.get('n') ?? '1');
      const html = renderPage(match[1] as PageKind, {
        count,
        pagesOrigin,
        apiOrigin,
        creator: statsCreator && { id: statsCreator.id, apiKey: statsCreator.apiKey },
      });
      return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
    }
    if ((match = /^\/dist\/((?:[\w-]+\/)*)([^/]+\.js)$/.exec(path))) return staticFile(request, ROOTS.dist + match[1], match[2]!, 'text/javascript; charset=utf-8');
    if (path === '/dist/vitrine.css') return staticFile(request, ROOTS.dist, 'vitrine.css', 'text/css; charset=utf-8');
    if ((match = /^\/buy-button\/([^/]+\.js)$/.exec(path))) return staticFile(request, ROOTS.buyButton, match[1]!, 'text/javascript; charset=utf-8');
    // Buy Button asks Shopify's CDN for a size by name (`serum_550x825.svg`): the same image here.
    if ((match = /^\/img\/([\w-]+?)(?:_\d+x\d+)?\.(\w+)$/.exec(path)) && IMAGE_TYPES[match[2]!]) {
      tally.images++;
      return staticFile(request, ROOTS.images, `${match[1]}.${match[2]}`, IMAGE_TYPES[match[2]!]!);
    }
    if (path === '/favicon.ico') return new Response(null, { status: 204 });
    return notFound(request);
  }

  const storefrontCors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
    'Access-Control-Allow-Headers':
      'Content-Type, Accept, Accept-Language, X-SDK-Variant, X-SDK-Version, X-SDK-Variant-Source, X-Shopify-Storefront-Access-Token',
    'Access-Control-Max-Age': '86400',
  };

  /** The Storefront API stub: `node(id: "gid://shopify/Product/<n>")` answers card n−1's product. */
  async function storefront(request: Request): Promise<Response> {
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...storefrontCors } });
    if (request.method !== 'POST') return json(405, { errors: [{ message: 'POST only' }] });
    const body = (await request.json().catch(() => null)) as { query?: unknown; variables?: { id?: unknown } } | null;
    const gid = typeof body?.variables?.id === 'string' ? SHOPIFY_PRODUCT_GID.exec(body.variables.id) : null;
    if (!gid || typeof body?.query !== 'string' || !/\bnode\s*\(id:/.test(body.query)) {
      tally.unexpected.push(`storefront query ${String(body?.query).slice(0, 80)}`);
      return json(200, { errors: [{ message: 'The bench stub answers only the product query of Buy Button JS' }] });
    }
    const number = Number(gid[1]);
    const [card] = await store.cards([recommendationId(number - 1)]);
    return json(200, { data: { node: card ? storefrontProduct(card, number) : null } });
  }

  async function serveApi(request: Request, clientAddress: string | undefined): Promise<Response> {
    const url = new URL(request.url);
    await sleep(options.latencyMs);
    const isStorefront = STOREFRONT_ROUTE.test(url.pathname);
    if (request.method === 'OPTIONS') {
      tally.preflights++;
      return isStorefront ? new Response(null, { status: 204, headers: storefrontCors }) : platform.fetch(request, { clientAddress });
    }
    const route = isStorefront ? `${request.method} graphql` : `${request.method} ${url.pathname.replace(/\/creators\/[^/]+\//, '/creators/{id}/')}`;
    tally.api[route] = (tally.api[route] ?? 0) + 1;
    if (process.env.BENCH_LOG_API) process.stderr.write(`API ${request.method} ${url.pathname}${url.search.slice(0, 60)} ids=${url.searchParams.get("ids")?.split(",").length ?? "-"}\n`);
    if (isStorefront) return storefront(request);
    if (url.pathname.startsWith('/v1/')) return platform.fetch(request, { clientAddress });
    return notFound(request);
  }

  pages.on('request', getRequestListener((request) => servePages(request)));
  api.on('request', getRequestListener((request, env) => serveApi(request, env.incoming.socket.remoteAddress)));

  const close = (server: Http2SecureServer) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // HTTP/2 sessions stay open until their clients go: the browser is closed first.
    });

  return {
    pagesOrigin,
    apiOrigin,
    spki,
    pageUrl: (kind, count) => `${pagesOrigin}/${kind}.html?n=${count}`,
    take() {
      const taken = tally;
      tally = emptyTally();
      return taken;
    },
    async close() {
      await Promise.all([close(pages), close(api)]);
    },
  };
}
