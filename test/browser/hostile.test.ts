/**
 * Hostile API data against the real elements in Chromium. The demo is started
 * with a hostile seed catalog (generated from the demo's own, validated by the
 * same zod schemas through `parseCatalog`): XSS in every string field,
 * unbreakable strings as long as the schemas allow, `srcset` tricks in image
 * URLs. A tampering proxy sits between the pages and the platform and adds what
 * no valid catalog can hold: unsafe URL schemes and hosts in the URL fields,
 * cheaper offers on hosts that are not allow-listed, one malformed item in
 * each list, an oversized payload. The pages are the demo's own (the blog
 * page, the strict-CSP page), pointed at the proxy.
 *
 * Every test asserts: no script of the data ran (`__pwned` is never called,
 * no dialog opened), no request left for a host that is not allow-listed (the
 * demo's loopback servers), faults degraded card by card, no element is wider
 * than its container and the page never scrolls sideways.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPages } from '../../examples/pages-server.ts';
import { DEFAULT_SEED } from '../../examples/platform/seed.ts';
import { startDemo, type Demo } from '../../examples/start.ts';
import { scrollUntil } from './demo-suite.ts';
import { findChromium, launchChromium } from './chromium.ts';

const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) {
  throw new Error('The browser suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Script that would run if any string reached the DOM as markup (each names its field). */
const xss = (field: string) => `<img src=x onerror="__pwned('${field}')"><script>__pwned('${field}')</script>`;
/** A hostile string for `field`: markup first, then one unbreakable word, as long as the schema allows. */
const hostile = (field: string, max: number) => `${xss(field)}${'W'.repeat(max)}`.slice(0, max);

/** The demo seed with every text field hostile and `srcset` tricks in every product image. */
async function hostileSeed(): Promise<JsonObject> {
  const seed = JSON.parse(await readFile(DEFAULT_SEED, 'utf8')) as JsonObject;
  const each = (key: string) => seed[key] as JsonObject[];
  for (const partner of each('partners')) partner['name'] = hostile('partner.name', 80);
  for (const creator of each('creators')) {
    creator['name'] = hostile('creator.name', 60);
    (creator['avatar'] as JsonObject)['alt'] = hostile('avatar.alt', 300);
  }
  for (const product of each('products')) {
    product['title'] = hostile('product.title', 120);
    product['brand'] = hostile('product.brand', 60);
    product['description'] = hostile('product.description', 2000);
    for (const image of product['images'] as JsonObject[]) {
      image['alt'] = `"><svg onload="__pwned('image.alt')">${'W'.repeat(200)}`;
      // Both pass HttpsUrl (http on loopback): a second candidate smuggled after a
      // space and a comma (pasted raw, `…svg 8000w, http://evil.example/pixel.png 96w`
      // makes the foreign image the best match of a 96 px slot), and a trailing
      // comma that would end a candidate.
      image['sources'] = [
        { src: `${String(image['src'])} 8000w, http://evil.example/pixel.png`, width: 96 },
        { src: `${String(image['src'])}?w=800,`, width: 800 },
      ];
    }
    for (const offer of product['offers'] as JsonObject[]) offer['sku'] = `"'><b>${'W'.repeat(40)}&items=EVIL:99`.slice(0, 64);
  }
  for (const recommendation of each('recommendations')) recommendation['reason'] = `${xss('reason')}\n${'W'.repeat(600)}\n${hostile('reason', 1000)}`;
  return seed;
}

// What the proxy does to the platform's answers, by recommendation id.
const EVIL_OFFER = 'https://evil.example/p/cheap';
/** Cards that stay valid: only strings are hostile (and, for the sunscreen, a cheaper offer on a host that is not allow-listed). */
const VALID_CARDS = ['rec-lin-serum', 'rec-lin-sunscreen', 'rec-sam-earbuds', 'rec-sam-charger'];
/** Cards made invalid by an unsafe URL: each must show its own error state, nothing else. */
const UNSAFE_CARDS: Record<string, (card: JsonObject) => void> = {
  'rec-lin-tea': (card) => void (((card['product'] as JsonObject)['images'] as JsonObject[])[0]!['src'] = "javascript:__pwned('image.src')"),
  'rec-lin-hotpot': (card) => void (((card['product'] as JsonObject)['offers'] as JsonObject[])[0]!['url'] = "javascript:__pwned('offer.url')"),
  'rec-lin-mooncake': (card) => void ((card['partners'] as JsonObject[])[0]!['logo'] = "data:image/svg+xml,<svg onload=__pwned('logo')>"),
  'rec-lin-earbuds': (card) => void ((card['creator'] as JsonObject)['avatar'] = { src: 'http://evil.example/avatar.png', width: 1, height: 1, alt: '' }),
  'rec-sam-powerbank': (card) => void ((card['partners'] as JsonObject[])[0]!['checkoutUrl'] = 'https://user:secret@127.0.0.1/checkout'),
};

function tamperCard(card: JsonObject): JsonObject {
  const id = String((card['recommendation'] as JsonObject)['id']);
  const offers = (card['product'] as JsonObject)['offers'] as JsonObject[];
  if (id === 'rec-lin-sunscreen' || id === 'rec-sam-charger') {
    // A cheaper offer whose link is not on the partner's allow-listed hosts: the buy button must fall back to a safe one.
    offers.unshift({ ...offers[0]!, url: EVIL_OFFER, price: { ...(offers[0]!['price'] as JsonObject), amount: 1 }, stock: 'in_stock' });
  }
  UNSAFE_CARDS[id]?.(card);
  return card;
}

/** The order lookup answers one hostile but valid order and one malformed order, whatever the click ids. */
const order = (id: string, status: string): JsonObject => ({
  id,
  partnerId: 'partner-hanfang',
  partnerOrderId: hostile('order.partnerOrderId', 64),
  clickId: 'AAAAAAAAAAAAAAAAAAAAAA',
  creatorId: 'creator-lin',
  status,
  timeline: [{ status: 'placed', at: '2026-11-22T03:00:00Z' }],
  lines: [{ title: hostile('order.line.title', 200), quantity: 1, amount: { amount: 12900, currency: 'CNY' } }],
  total: { amount: 12900, currency: 'CNY' },
});

interface Proxy {
  url: string;
  close(): Promise<void>;
}

/** A tampering proxy in front of the platform: forwards everything, rewrites the JSON it is told to. */
async function startProxy(platformUrl: string): Promise<Proxy> {
  let self = '';
  const rewrite = (path: string, body: JsonObject): JsonObject => {
    if (path === '/v1/cards') body['cards'] = (body['cards'] as JsonObject[]).map(tamperCard);
    const showcase = /^\/v1\/creators\/([^/]+)\/showcase$/.exec(path);
    if (showcase) {
      // Strings stay hostile; of the unsafe URLs, only the longjing card's (one per page at most).
      const cards = (body['cards'] as JsonObject[]).map((card) => {
        const id = String((card['recommendation'] as JsonObject)['id']);
        return UNSAFE_CARDS[id] && id !== 'rec-lin-tea' ? card : tamperCard(card);
      });
      // One item that is no card at all, in every page.
      cards.splice(1, 0, { recommendation: { id: 'junk' }, product: "<script>__pwned('showcase')</script>" });
      body['cards'] = cards;
    }
    if (path === '/v1/orders/lookup') body['orders'] = [order('HF-1', 'placed'), order('HF-2', 'teleported')];
    return body;
  };
  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const path = (incoming.url ?? '/').split('?')[0]!;
    if (path === '/v1/creators/huge/showcase') {
      // 3 MiB, streamed without Content-Length: only a byte count can stop it.
      outgoing.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      outgoing.write('{"creator":null,"cards":[');
      const chunk = `${JSON.stringify('W'.repeat(64 * 1024))},`;
      for (let i = 0; i < 48 && !outgoing.destroyed; i++) {
        if (!outgoing.write(chunk)) await new Promise((resolve) => outgoing.once('drain', resolve));
      }
      outgoing.end('"end"],"nextCursor":null}');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers.set(name, value);
    const upstream = await fetch(`${platformUrl}${incoming.url}`, {
      method: incoming.method ?? 'GET',
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    const responseHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) responseHeaders[name] = value;
    });
    let body: Buffer = Buffer.from(await upstream.arrayBuffer());
    if (/json/.test(upstream.headers.get('content-type') ?? '') && body.length > 0) {
      const text = body.toString('utf8').replaceAll(platformUrl, self);
      body = Buffer.from(upstream.ok ? JSON.stringify(rewrite(path, JSON.parse(text) as JsonObject)) : text);
    }
    outgoing.writeHead(upstream.status, responseHeaders);
    outgoing.end(body);
  };
  const server: Server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch(() => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: self,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let demo: Demo;
let proxy: Proxy;
let pages: { url: string; close(): Promise<void> };
let browser: Browser;
let dataDir: string;

/** What one page did: data scripts that ran, requests to other hosts, vitrine-error codes, console errors. */
interface Watch {
  pwned(): Promise<string[]>;
  errors(): Promise<Array<{ code: string; action: string; tag: string }>>;
  offHost: string[];
  problems: string[];
}

async function open(context: BrowserContext, path: string, setup?: (page: Page) => Promise<void>): Promise<{ page: Page; watch: Watch }> {
  const page = await context.newPage();
  const offHost: string[] = [];
  const problems: string[] = [];
  // Every request is checked; one for another host is recorded and never leaves the machine.
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    offHost.push(url.href);
    return route.abort();
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    const state = window as unknown as { __pwned: (field: string) => void; __hits: string[]; __errors: unknown[] };
    state.__hits = [];
    state.__errors = [];
    state.__pwned = (field) => state.__hits.push(field);
    document.addEventListener('vitrine-error', (event) => {
      const { error, action } = (event as CustomEvent<{ error: { code: string }; action: string }>).detail;
      state.__errors.push({ code: error.code, action, tag: (event.composedPath()[0] as Element).localName });
    });
  });
  await setup?.(page);
  await page.goto(`${pages.url}/${path}`);
  const watch: Watch = {
    pwned: () => page.evaluate(() => (window as unknown as { __hits: string[] }).__hits),
    errors: () => page.evaluate(() => (window as unknown as { __errors: Array<{ code: string; action: string; tag: string }> }).__errors),
    offHost,
    problems,
  };
  return { page, watch };
}

/** Cards (through shadow roots) by state: loaded, in their error state, or still loading. */
function cardStates(page: Page) {
  return page.evaluate(() => {
    const all: Element[] = [];
    const walk = (root: ParentNode) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.localName === 'vitrine-card') all.push(element);
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document);
    return all.map((card) => {
      const root = card.shadowRoot!;
      const state = root.querySelector('[part~="error"]') ? 'error' : root.querySelector('[part~="title"]') ? 'loaded' : 'loading';
      return { rec: card.getAttribute('rec') ?? '', state, buy: root.querySelector<HTMLAnchorElement>('a[part~="buy"]')?.href ?? null };
    });
  });
}

/** Every Vitrine element narrower than its container, every descendant inside its element, and the page's horizontal overflow. */
function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const walk = (root: ParentNode) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.localName.startsWith('vitrine-') && element.shadowRoot && element.localName !== 'vitrine-root') {
          const box = element.getBoundingClientRect();
          const container = (element.parentElement ?? ((element.getRootNode() as ShadowRoot).host as Element | undefined))?.getBoundingClientRect();
          if (container && box.width > 0 && box.right > container.right + 1) problems.push(`${element.localName} ends at ${box.right} > its container's ${container.right}`);
          for (const inner of element.shadowRoot.querySelectorAll('*')) {
            const rect = inner.getBoundingClientRect();
            // An overlay's content lives in the top layer: it must fit its dialog, and the dialog the viewport.
            const dialog = inner.localName === 'dialog' ? null : inner.closest('dialog');
            const bound = inner.localName === 'dialog' ? document.documentElement.clientWidth : dialog ? dialog.getBoundingClientRect().right : box.right;
            // A positioned decoration may overhang its element by design (the cart button's count badge), a few px at most.
            const decoration = getComputedStyle(inner).position === 'absolute' && rect.right <= bound + 8;
            if (rect.width > 1 && rect.right > bound + 1 && !decoration) {
              problems.push(`${element.localName} [part=${inner.getAttribute('part') ?? inner.localName}] ends at ${Math.round(rect.right)} > ${Math.round(bound)}`);
            }
          }
        }
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document);
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    if (overflow > 0) problems.push(`the page scrolls sideways by ${overflow}px`);
    return problems;
  });
}

async function settled(page: Page) {
  await scrollUntil(page, () => {
    // Every card, through shadow roots (a shelf's too), shows its product or its error.
    const pending = (root: ParentNode): boolean =>
      [...root.querySelectorAll('*')].some(
        (element) => (element.localName === 'vitrine-card' && !element.shadowRoot?.querySelector('[part~="error"], [part~="title"]')) || (element.shadowRoot !== null && pending(element.shadowRoot)),
      );
    return !pending(document);
  });
  await page.waitForLoadState('networkidle');
}

interface Tree {
  tag: string;
  attributes: Record<string, string>;
  child?: Tree;
}

/** The strict-CSP page, loaded, with `tree` appended to its main column (built with the DOM: Trusted Types forbid markup strings). */
async function strictPageWith(tree: Tree) {
  const context = await browser.newContext();
  const { page, watch } = await open(context, 'strict-csp.html');
  await settled(page);
  await page.evaluate((spec) => {
    const build = (node: typeof spec): Element => {
      const element = document.createElement(node.tag);
      for (const [name, value] of Object.entries(node.attributes)) element.setAttribute(name, value);
      if (node.child) element.append(build(node.child));
      return element;
    };
    document.querySelector('main')!.append(build(spec));
  }, tree);
  return { context, page, watch };
}

describe.skipIf(!chromiumPath)('hostile API data in Chromium', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vitrine-hostile-'));
    const seedPath = join(dataDir, 'hostile-seed.json');
    await writeFile(seedPath, JSON.stringify(await hostileSeed()));
    demo = await startDemo({ port: 0, platformPort: 0, shopPort: 0, dataDir: join(dataDir, 'db'), shopDataDir: join(dataDir, 'shop'), seedPath });
    proxy = await startProxy(demo.platformUrl);
    pages = await startPages({ port: 0, platformUrl: proxy.url, shopUrl: demo.shopUrl });
    browser = await launchChromium(chromiumPath!);
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await proxy?.close();
    await demo?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  for (const [name, viewport] of [
    ['phone', { width: 340, height: 800 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    test(`the blog page (${name}): no script ran, no foreign request, faults card by card, nothing wider than its container`, async () => {
      // Reduced motion: the drawer's slide-in would otherwise be measured mid-flight.
      const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      const { page, watch } = await open(context, 'blog.html', async (target) => {
        // A click of this browser, so that <vitrine-order-status> looks its orders up.
        await target.addInitScript(() => {
          localStorage.setItem('vitrine:clicks', JSON.stringify([{ clickId: 'AAAAAAAAAAAAAAAAAAAAAA', partnerId: 'partner-hanfang', recommendationId: 'rec-lin-serum', at: new Date().toISOString() }]));
        });
      });
      await settled(page);
      // Read the shelf's cards and the sheet too: open the first card, with its full reason.
      await page.locator('vitrine-card[rec="rec-lin-serum"] [part~="title"]').click();
      await page.locator('vitrine-card[rec="rec-lin-serum"] vitrine-buy-sheet [part~="dialog"]').waitFor({ state: 'visible' });
      expect(await layoutProblems(page)).toEqual([]);
      await page.keyboard.press('Escape');

      const cards = await cardStates(page);
      const byRec = new Map(cards.filter((card) => card.rec).map((card) => [card.rec, card]));
      for (const rec of VALID_CARDS.filter((id) => id.startsWith('lin-'))) expect(byRec.get(rec)?.state, rec).toBe('loaded');
      for (const rec of Object.keys(UNSAFE_CARDS).filter((id) => id.startsWith('lin-'))) expect(byRec.get(rec)?.state, rec).toBe('error');
      // The unsafe cheaper offer never becomes the buy link; a safe one does.
      const sunscreen = byRec.get('rec-lin-sunscreen')!;
      expect(sunscreen.buy).not.toBeNull();
      expect(new URL(sunscreen.buy!).hostname).toBe('127.0.0.1');
      // The shelf shows the creator's valid cards; the junk item and the unsafe ones are left out.
      const shelfCards = cards.filter((card) => !card.rec);
      expect(shelfCards.length).toBeGreaterThan(0);
      expect(shelfCards.every((card) => card.state === 'loaded')).toBe(true);
      // One valid order shows; the malformed one is dropped and reported.
      await expect.poll(() => page.locator('vitrine-order-status [part~="order"]').count(), { timeout: 20_000 }).toBe(1);

      expect(await layoutProblems(page)).toEqual([]);
      // The cart drawer with a hostile line: titles, partner names and SKUs in the checkout link.
      await page.locator('vitrine-card[rec="rec-lin-sunscreen"] [part~="add-to-cart"]').click();
      await page.locator('vitrine-cart-button [part~="button"]').click();
      const checkout = page.locator('vitrine-cart-button vitrine-cart a[part~="checkout"]');
      await checkout.first().waitFor();
      const handOff = new URL((await checkout.first().getAttribute('href'))!);
      expect(handOff.hostname).toBe('127.0.0.1');
      expect(handOff.searchParams.get('items')).toMatch(/^"'><b>W+&items=EVIL:99:1$/); // the SKU stays one encoded value
      expect(await layoutProblems(page)).toEqual([]);
      await page.keyboard.press('Escape');
      const errors = await watch.errors();
      expect(errors.filter((error) => error.tag === 'vitrine-card').map((error) => error.code)).toContain('invalid_response');
      expect(errors).toContainEqual({ code: 'invalid_response', action: 'load-shelf', tag: 'vitrine-shelf' });
      expect(errors).toContainEqual({ code: 'invalid_response', action: 'load-orders', tag: 'vitrine-order-status' });
      expect(errors.filter((error) => error.code === 'unsafe_link').length).toBeGreaterThan(0);
      expect(await watch.pwned()).toEqual([]);
      expect(watch.offHost).toEqual([]);
      expect(watch.problems).toEqual([]);
      await context.close();
    });
  }

  test('the strict-CSP page: zero violations, no script ran, no foreign request, faults card by card', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, reducedMotion: 'reduce' });
    const { page, watch } = await open(context, 'strict-csp.html');
    await settled(page);
    await page.locator('vitrine-card[rec="rec-sam-charger"] [part~="title"]').click();
    await page.locator('vitrine-card[rec="rec-sam-charger"] vitrine-buy-sheet [part~="dialog"]').waitFor({ state: 'visible' });
    // Every offer of the sheet: the unsafe one has no link, the safe ones link to the shop.
    const hrefs = await page.locator('vitrine-card[rec="rec-sam-charger"] vitrine-buy-sheet a[part~="buy"]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((href) => new URL(href).hostname === '127.0.0.1')).toBe(true);
    expect(await layoutProblems(page)).toEqual([]);
    await page.keyboard.press('Escape');

    const byRec = new Map((await cardStates(page)).map((card) => [card.rec, card]));
    expect(byRec.get('rec-sam-earbuds')?.state).toBe('loaded');
    expect(byRec.get('rec-sam-charger')?.state).toBe('loaded');
    expect(byRec.get('rec-sam-powerbank')?.state).toBe('error');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(await watch.pwned()).toEqual([]);
    expect(watch.offHost).toEqual([]);
    expect(watch.problems).toEqual([]);
    await context.close();
  });

  test('an oversized payload fails with response_too_large in its own element; the page goes on', async () => {
    const { context, page, watch } = await strictPageWith({ tag: 'vitrine-shelf', attributes: { creator: 'huge' } });
    await page.locator('vitrine-shelf[creator="huge"] [part~="error"]').waitFor({ timeout: 20_000 });
    expect(await watch.errors()).toContainEqual({ code: 'response_too_large', action: 'load-shelf', tag: 'vitrine-shelf' });
    expect((await cardStates(page)).filter((card) => card.state === 'loaded').length).toBeGreaterThan(2);
    expect(watch.offHost).toEqual([]);
    expect(watch.problems).toEqual([]);
    await context.close();
  });

  test('an invalid <vitrine-root api> shows a configuration error instead of using the page\'s API', async () => {
    const { context, page, watch } = await strictPageWith({
      tag: 'vitrine-root',
      attributes: { api: 'http://evil.example' },
      child: { tag: 'vitrine-card', attributes: { rec: 'rec-sam-earbuds', id: 'in-bad-root' } },
    });
    await page.locator('#in-bad-root [part~="error"]').waitFor();
    // The reader gets the calm state; the code is there for the developer (and the development build's console says which address).
    expect(await page.locator('#in-bad-root [part~="error"]').getAttribute('data-code')).toBe('config');
    expect(await watch.errors()).toContainEqual({ code: 'config', action: 'load-card', tag: 'vitrine-card' });
    expect(watch.offHost).toEqual([]);
    await context.close();
  });
});
