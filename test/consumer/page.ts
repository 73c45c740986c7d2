/**
 * Serving a built app to Chromium without a server: `http://consumer.test/` is
 * answered from the build directory, and `https://api.vitrine.test/` by the
 * in-memory platform of `vitrine/testing` (the demo catalog). Nothing else is
 * reachable, and every page error, console error or refused request is recorded.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createTestPlatform } from 'vitrine/testing';

export const ORIGIN = 'http://consumer.test';
export const API = 'https://api.vitrine.test';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

export interface ServedPage {
  page: Page;
  problems: string[];
}

export interface OpenAppOptions {
  /** Runs before the platform answers an API request: a test holds requests back with it (slow network). */
  beforeApi?: (url: URL) => Promise<void>;
  /** Runs before a file of the app is served (its path): a test holds the element code back with it. */
  beforeFile?: (path: string) => Promise<void>;
  /** The page to open (default `/`). */
  path?: string;
}

/** A page of `context` showing `dir`'s index.html, with the test platform behind `API`. */
export async function openApp(context: BrowserContext, dir: string, options: OpenAppOptions = {}): Promise<ServedPage> {
  const { platform } = createTestPlatform({ api: API });
  const problems: string[] = [];
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.origin === ORIGIN) {
      const path = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
      await options.beforeFile?.(path);
      try {
        const body = await readFile(join(dir, path));
        await route.fulfill({ status: 200, contentType: TYPES[extname(path)] ?? 'application/octet-stream', body });
      } catch {
        await route.fulfill({ status: 404, body: 'not found' });
      }
      return;
    }
    if (url.origin === API) {
      await options.beforeApi?.(url);
      const body = request.postDataBuffer();
      const response = await platform.fetch(new Request(url, { method: request.method(), headers: await request.allHeaders(), ...(body ? { body: new Uint8Array(body) } : {}) }));
      await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) });
      return;
    }
    // The demo catalog's images (img.vitrine.test): a blank picture. Nothing else is reachable.
    if (request.resourceType() === 'image') {
      await route.fulfill({ status: 200, contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>' });
      return;
    }
    problems.push(`unexpected request: ${request.method()} ${request.url()}`);
    await route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${ORIGIN}${options.path ?? '/'}`);
  return { page, problems };
}
