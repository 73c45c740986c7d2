/**
 * The server of the demo pages: `/ssr.html` and `/no-script.html` rendered on
 * each request (server-rendered.ts), `examples/pages/` at `/`, the built
 * package (`dist/`) at `/dist/`, and the few `node_modules/` packages the ESM
 * page imports through its import map at `/node_modules/<package>/`. Nothing
 * else of the repository is reachable: every path is decoded, resolved and
 * checked to stay inside its root (symlinks included) before a file is opened.
 *
 * The pages are written for the default origins (platform
 * `http://127.0.0.1:8787`, shop `http://127.0.0.1:8788`); when the demo runs on
 * other ports, those origins are rewritten in the pages' HTML and JS as they
 * are served.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noScriptPage, ssrPage } from './server-rendered.ts';

/** Options of {@link startPages}. */
export interface PagesOptions {
  /** Port on 127.0.0.1 (default 8080; 0 picks a free one). */
  port?: number | undefined;
  /** The platform's origin, e.g. `http://127.0.0.1:8787`. */
  platformUrl: string;
  /** The partner-shop simulator's origin, e.g. `http://127.0.0.1:8788`. */
  shopUrl: string;
}

/** The packages the ESM page (`npm.html`) loads through its import map. */
export const SERVED_PACKAGES = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/task', '@lit/context', 'zod'] as const;

const DEFAULT_PLATFORM = 'http://127.0.0.1:8787';
const DEFAULT_SHOP = 'http://127.0.0.1:8788';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

const root = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const PAGES = root('./pages/');
const DIST = root('../dist/');
const NODE_MODULES = root('../node_modules/');

/** Pages rendered on each request (see server-rendered.ts), by path. */
const DYNAMIC_PAGES: Record<string, (platformUrl: string) => Promise<string>> = {
  '/ssr.html': ssrPage,
  '/no-script.html': noScriptPage,
};

/** The CSP of `strict-csp.html`: no inline script or style, Trusted Types enforced (Lit's `lit-html` policy only). */
export function strictCsp(platformUrl: string): string {
  const platform = new URL(platformUrl).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' ${platform} data:`,
    `connect-src ${platform}`,
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** A request refused with this HTTP status. */
class Refused extends Error {
  override name = 'Refused';
  readonly status: number;
  constructor(status: number) {
    super(String(status));
    this.status = status;
  }
}

/**
 * Maps a raw request path to a file inside one of the allowed roots, or throws
 * `Refused` (400 malformed, 403 escaping its root, 404 not served). The path is
 * percent-decoded ONCE, then resolved; `..` (plain or encoded) may never leave
 * the root it started in.
 */
export function resolveRequestPath(rawPath: string): { file: string; root: string; rewrite: boolean } {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw new Refused(400);
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) throw new Refused(400);
  let base: string;
  let rest: string;
  if (path.startsWith('/dist/')) {
    [base, rest] = [DIST, path.slice('/dist/'.length)];
  } else if (path.startsWith('/node_modules/')) {
    const inside = path.slice('/node_modules/'.length);
    const name = SERVED_PACKAGES.find((pkg) => inside.startsWith(`${pkg}/`));
    if (!name) throw new Refused(404);
    [base, rest] = [resolve(NODE_MODULES, name) + sep, inside.slice(name.length + 1)];
  } else {
    [base, rest] = [PAGES, path.slice(1)];
  }
  if (rest === '' || rest.endsWith('/')) rest += 'index.html';
  const file = resolve(base, rest);
  if (!file.startsWith(base)) throw new Refused(403);
  return { file, root: base, rewrite: base === PAGES };
}

/**
 * Starts the demo pages server on 127.0.0.1 (GET and HEAD only). Resolves once
 * listening, with its URL and `close()`.
 */
export async function startPages(options: PagesOptions): Promise<{ url: string; close(): Promise<void> }> {
  const platformUrl = new URL(options.platformUrl).origin;
  const shopUrl = new URL(options.shopUrl).origin;
  const csp = strictCsp(platformUrl);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method Not Allowed');
      return;
    }
    try {
      const dynamic = DYNAMIC_PAGES[(request.url ?? '/').split(/[?#]/)[0]!];
      if (dynamic) {
        const html = await dynamic(platformUrl);
        response.writeHead(200, { 'Content-Type': MIME['.html']!, 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-cache' });
        response.end(request.method === 'HEAD' ? undefined : html);
        return;
      }
      const { file, root: base, rewrite } = resolveRequestPath((request.url ?? '/').split(/[?#]/)[0]!);
      // A symlink inside a root must not lead out of it either.
      const real = await realpath(file).catch(() => null);
      if (!real || !(await stat(real)).isFile()) throw new Refused(404);
      if (!real.startsWith(await realpath(base).then((path) => path + sep))) throw new Refused(403);
      let body: Buffer | string = await readFile(real);
      const type = MIME[extname(real).toLowerCase()] ?? 'application/octet-stream';
      if (rewrite && /\.(html|js)$/.test(real)) {
        body = body.toString('utf8').replaceAll(DEFAULT_PLATFORM, platformUrl).replaceAll(DEFAULT_SHOP, shopUrl);
      }
      const headers: Record<string, string | number> = {
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-cache',
      };
      if (real.endsWith(`${sep}strict-csp.html`) && base === PAGES) headers['Content-Security-Policy'] = csp;
      response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      const status = error instanceof Refused ? error.status : 500;
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(status === 500 ? 'Internal Server Error' : `${status}`);
    }
  }

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}
