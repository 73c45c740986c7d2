/**
 * The whole demo in one process: the reference platform, the partner-shop
 * simulator and the demo pages.
 *
 *   npm start            # = npm run build:js && node examples/start.ts
 *   npx node examples/start.ts [--port 8080] [--platform-port 8787] [--shop-port 8788] [--seed file.json] [--data dir] [--shop-data dir]
 *
 * Tests start the same thing in-process with {@link startDemo} (ports 0 = free ports).
 */
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { startPages } from './pages-server.ts';
import { startPlatform } from './platform/server.ts';
import { readShopPartners } from './shop/seed.ts';
import { startShop } from './shop/server.ts';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Port of the demo pages (default 8080; 0 picks a free one). */
  port?: number | undefined;
  /** Port of the platform API (default 8787; 0 picks a free one). */
  platformPort?: number | undefined;
  /** Port of the partner-shop simulator (default 8788; 0 picks a free one). */
  shopPort?: number | undefined;
  /** Seed catalog (default: examples/platform/seed.json). */
  seedPath?: string | undefined;
  /** The platform's PGlite data directory (default `.vitrine-data/platform`); unused with `databaseUrl`. */
  dataDir?: string | undefined;
  /** PostgreSQL instead of PGlite for the platform (its schema in the URL's `search_path`). */
  databaseUrl?: string | undefined;
  /** The shop simulator's data directory (default `.vitrine-data/shop`, or `<dataDir>-shop` when `dataDir` is given). */
  shopDataDir?: string | undefined;
  /** Receives the platform's and the shop's log lines. Default: silent. */
  log?: ((line: string) => void) | undefined;
}

/** A running demo. */
export interface Demo {
  pagesUrl: string;
  platformUrl: string;
  shopUrl: string;
  /** Stops the three servers (pages, shop, then the platform and its database). */
  close(): Promise<void>;
}

/**
 * Starts the platform, the shop (with the partners of the seed) and the pages
 * server, each on 127.0.0.1. If one fails to start, the ones already started
 * are closed and the error is rethrown.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log;
  // The platform writes the shop's origin into the catalog's links, so the
  // shop's port must be known before either starts.
  const shopPort = options.shopPort === 0 ? await freePort() : (options.shopPort ?? 8788);
  const shopOrigin = `http://127.0.0.1:${shopPort}`;
  const started: Array<{ close(): Promise<void> }> = [];
  const close = async () => {
    for (const server of started.reverse()) await server.close().catch(() => {});
  };
  try {
    const platform = await startPlatform({
      port: options.platformPort ?? 8787,
      shopOrigin,
      ...(options.seedPath !== undefined && { seedPath: options.seedPath }),
      ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
      ...(options.databaseUrl !== undefined && { databaseUrl: options.databaseUrl }),
      ...(log && { log: (line: string) => log(`[platform] ${line}`) }),
    });
    started.push(platform);
    const shop = await startShop({
      port: shopPort,
      platformUrl: platform.url,
      partners: await readShopPartners(options.seedPath, { shop: shopOrigin, platform: platform.url }),
      log,
      dataDir: options.shopDataDir ?? (options.dataDir !== undefined ? `${options.dataDir}-shop` : '.vitrine-data/shop'),
    });
    started.push(shop);
    const pages = await startPages({ port: options.port ?? 8080, platformUrl: platform.url, shopUrl: shop.url });
    started.push(pages);
    return { pagesUrl: pages.url, platformUrl: platform.url, shopUrl: shop.url, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A port that was free a moment ago (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      'platform-port': { type: 'string', default: '8787' },
      'shop-port': { type: 'string', default: '8788' },
      seed: { type: 'string' },
      data: { type: 'string' },
      'shop-data': { type: 'string' },
    },
  });
  const port = (name: 'port' | 'platform-port' | 'shop-port') => {
    const value = Number(values[name]);
    if (!/^\d{1,5}$/.test(values[name]) || value > 65535) throw new Error(`--${name} must be a port number, got "${values[name]}"`);
    return value;
  };
  const demo = await startDemo({
    port: port('port'),
    platformPort: port('platform-port'),
    shopPort: port('shop-port'),
    seedPath: values.seed,
    dataDir: values.data,
    shopDataDir: values['shop-data'],
    log: (line) => console.log(line),
  });
  const page = (name: string) => `${demo.pagesUrl}/${name}`;
  console.log(`
Vitrine demo is running (Ctrl-C stops it):
  Demo pages     ${page('')}
    blog (script tag)   ${page('blog.html')}
    npm / ESM           ${page('npm.html')}
    composer            ${page('composer.html')}
    dashboard (private) ${page('dashboard.html')}
    strict CSP          ${page('strict-csp.html')}
    no script           ${page('no-script.html')}
    server-rendered     ${page('ssr.html')}
  Platform API   ${demo.platformUrl}/v1/partners
  Share page     ${demo.platformUrl}/r/rec-lin-serum   (link-in-bio ${demo.platformUrl}/@linxiaolu)
  Partner shops  ${demo.shopUrl}/
`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: stopping…`);
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(`Could not start the demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
