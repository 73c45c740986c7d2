/**
 * The whole loop in a real Chromium: the demo (reference platform on PGlite,
 * partner-shop simulator, pages) started in-process on 127.0.0.1, driven with
 * playwright-core. Run with `npm run test:browser` (part of `npm test`).
 * Chromium comes from CHROMIUM_PATH or the usual system paths; under CI its
 * absence is a failure, elsewhere the suite is reported as skipped.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations } from './axe.ts';
import { findChromium } from './chromium.ts';
import { ARTIFACTS as artifacts, scrollThrough, useDemo, watch } from './demo-suite.ts';

const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) {
  throw new Error('The browser suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');
}

const LIN_KEY = 'demo-only-key-lin-7f3a9c2e51'; // the demo seed's DEMO ONLY creator key

const suite = useDemo(chromiumPath, 'vitrine-browser-');

/** A locator through open shadow roots (Playwright's CSS engine pierces them). */
const inCard = (page: Page, rec: string, part: string) => page.locator(`vitrine-card[rec="${rec}"] [part~="${part}"]`).first();

async function blog(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${suite.demo.pagesUrl}/blog.html`);
  await inCard(page, 'rec-lin-serum', 'title').waitFor();
  return page;
}


async function refresh(page: Page, tag: 'vitrine-order-status' | 'vitrine-stats') {
  await page.evaluate(async (name) => {
    const element = document.querySelector(name) as (HTMLElement & { refresh(): Promise<void> }) | null;
    await element?.refresh();
  }, tag);
}

async function shopAction(shop: Page, label: string) {
  await shop.getByRole('button', { name: label }).first().click();
  await shop.waitForLoadState('load');
}

describe.skipIf(!chromiumPath)('the demo in Chromium', () => {
  test('full loop: one batched request → buy sheet → partner shop → signed callback → order status and stats follow', async () => {
    // Tall enough that every card of the post is near the viewport (cards farther away wait for the reader: vitrine.css gives them their height before any script runs).
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 1600 } });
    const page = await context.newPage();
    const problems = watch(page);
    const cardRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/cards') cardRequests.push(request.url());
    });
    await page.goto(`${suite.demo.pagesUrl}/blog.html`);
    const cards = page.locator('body > * vitrine-card[rec]');
    await inCard(page, 'rec-lin-serum', 'title').waitFor();
    for (const rec of await page.locator('vitrine-card[rec]').evaluateAll((els) => els.map((el) => el.getAttribute('rec')!))) {
      await inCard(page, rec, 'title').waitFor();
    }
    expect(await cards.count()).toBeGreaterThan(3);
    expect(cardRequests).toHaveLength(1);

    // Open the buy sheet and follow an offer to the partner shop.
    await inCard(page, 'rec-lin-serum', 'title').click();
    const sheet = page.locator('vitrine-card[rec="rec-lin-serum"] vitrine-buy-sheet [part~="dialog"]');
    await sheet.waitFor({ state: 'visible' });
    const buy = page.locator('vitrine-card[rec="rec-lin-serum"] vitrine-buy-sheet a[part~="buy"]').first();
    const href = new URL((await buy.getAttribute('href'))!);
    const clickId = href.searchParams.get('vt_click');
    expect(clickId).toMatch(/^[\w-]{22}$/);
    expect(href.searchParams.get('vt_creator')).toBe('creator-lin');
    const [shop] = await Promise.all([context.waitForEvent('page'), buy.click()]);
    await shop.waitForLoadState('load');
    expect(new URL(shop.url()).searchParams.get('vt_click')).toBe(clickId);
    await expect.poll(() => shop.locator('body').innerText()).toContain(clickId!);

    // Buy at the partner: its server keeps the click id and sends a signed callback.
    await shop.getByRole('link', { name: 'Buy now' }).click();
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.waitForLoadState('load');

    // The blog's order status finds the order through this browser's click log.
    const status = page.locator('vitrine-order-status [part~="order"]').first();
    await expect.poll(async () => (await refresh(page, 'vitrine-order-status'), status.count()), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('vitrine-order-status [part~="step"][data-state="current"]').first().getAttribute('data-status')).toBe('placed');

    // The platform's signed order.updated webhook reaches the shop, which shows what was recorded.
    await expect
      .poll(async () => (await shop.reload(), shop.locator('body').innerText()), { timeout: 15_000 })
      .toMatch(/Platform recorded: placed, attributed to creator creator-lin/);

    await shopAction(shop, 'Mark paid');
    await shopAction(shop, 'Mark shipped');
    await expect
      .poll(async () => (await refresh(page, 'vitrine-order-status'), page.locator('vitrine-order-status [part~="step"][data-state="current"]').first().getAttribute('data-status')))
      .toBe('shipped');

    // The creator's stats count the click and the order, with provisional commission.
    const stats = await context.newPage();
    await stats.goto(`${suite.demo.pagesUrl}/dashboard.html`);
    await stats.locator('vitrine-stats [part~="table"]').waitFor();
    const statsApi = async () => {
      const response = await fetch(`${suite.demo.platformUrl}/v1/creators/creator-lin/stats`, { headers: { authorization: `Bearer ${LIN_KEY}` } });
      return (await response.json()) as { recommendations: Array<{ recommendationId: string; clicks: number; orders: number; commissionPending: Array<{ amount: number }> }> };
    };
    const serum = async () => (await statsApi()).recommendations.find((row) => row.recommendationId === 'rec-lin-serum');
    await expect.poll(async () => (await serum())?.orders).toBe(1);
    expect((await serum())!.clicks).toBeGreaterThanOrEqual(1);
    expect((await serum())!.commissionPending.reduce((sum, money) => sum + money.amount, 0)).toBeGreaterThan(0);
    await expect.poll(async () => (await refresh(stats, 'vitrine-stats'), stats.locator('vitrine-stats [part~="row"]').filter({ hasText: '1' }).count())).toBeGreaterThan(0);

    // A refund reverses the commission and ends the timeline.
    await shopAction(shop, 'Refund');
    await expect.poll(async () => (await serum())?.commissionPending.reduce((sum, money) => sum + money.amount, 0) ?? -1).toBe(0);
    await expect
      .poll(async () => (await refresh(page, 'vitrine-order-status'), page.locator('vitrine-order-status [part~="order"]').first().innerText()))
      .toMatch(/退款|Refunded/);

    expect(problems).toEqual([]);
    await context.close();
  });

  test('cart across two partner shops: two hand-offs, each attributed', async () => {
    const context = await suite.browser.newContext();
    const page = await blog(context);
    const problems = watch(page);
    await inCard(page, 'rec-lin-serum', 'add-to-cart').click(); // at Hanfang, the creator's shop
    await inCard(page, 'rec-lin-hotpot', 'add-to-cart').click(); // at Jingxuan
    await page.locator('vitrine-cart-button [part~="button"]').click();
    const checkout = page.locator('vitrine-cart-button vitrine-cart a[part~="checkout"]');
    await expect.poll(() => checkout.count()).toBe(2);
    const urls = (await checkout.evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href))).map((href) => new URL(href));
    expect(new Set(urls.map((url) => url.pathname.split('/')[1])).size).toBe(2);
    for (const url of urls) {
      expect(url.searchParams.get('vt_click')).toMatch(/^[\w-]{22}$/);
      expect(url.searchParams.get('vt_creator')).toBe('creator-lin');
      expect(url.searchParams.get('items')).toMatch(/:1$/);
    }
    expect(urls[0]!.searchParams.get('vt_click')).not.toBe(urls[1]!.searchParams.get('vt_click'));
    const [shop] = await Promise.all([context.waitForEvent('page'), checkout.first().click()]);
    await shop.waitForLoadState('load');
    expect(await shop.getByRole('button', { name: 'Place order' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the cart is synced between two tabs', async () => {
    const context = await suite.browser.newContext();
    const first = await blog(context);
    const second = await blog(context);
    const badge = second.locator('vitrine-cart-button [part~="badge"]');
    await inCard(first, 'rec-lin-hotpot', 'add-to-cart').click();
    // The add itself first (this tab's badge), then the other tab's.
    await expect.poll(() => first.locator('vitrine-cart-button [part~="badge"]').innerText()).toBe('1');
    await expect.poll(() => badge.innerText()).toBe('1');
    await context.close();
  });

  test('keyboard only: card → buy sheet → back, add to cart, cart drawer', async () => {
    const context = await suite.browser.newContext();
    const page = await blog(context);
    const title = inCard(page, 'rec-lin-serum', 'title');
    await title.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('vitrine-card[rec="rec-lin-serum"] vitrine-buy-sheet [part~="dialog"]');
    await dialog.waitFor({ state: 'visible' });
    const activeInSheet = () =>
      page.evaluate(() => {
        let active: Element | null = document.activeElement;
        const path: string[] = [];
        while (active?.shadowRoot?.activeElement) {
          path.push(active.localName);
          active = active.shadowRoot.activeElement;
        }
        return path.includes('vitrine-buy-sheet');
      });
    expect(await activeInSheet()).toBe(true);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await activeInSheet()).toBe(true); // focus stays inside the modal
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const titleFocused = await page.evaluate(() => {
      const card = document.querySelector('vitrine-card[rec="rec-lin-serum"]');
      return card?.shadowRoot?.activeElement?.getAttribute('part') ?? null;
    });
    expect(titleFocused).toBe('title');

    await inCard(page, 'rec-lin-sunscreen', 'add-to-cart').focus();
    await page.keyboard.press('Enter');
    const cartButton = page.locator('vitrine-cart-button [part~="button"]');
    await expect.poll(() => page.locator('vitrine-cart-button [part~="badge"]').innerText()).toBe('1');
    await cartButton.focus();
    await page.keyboard.press('Enter');
    const drawer = page.locator('vitrine-cart-button vitrine-cart [part~="dialog"]');
    await drawer.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await context.close();
  });

  test('axe-core finds no violations on any example page', async () => {
    // bypassCSP only so that axe can be injected into the strict-CSP page too.
    const context = await suite.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const report: Record<string, unknown[]> = {};
    for (const path of ['index.html', 'blog.html', 'npm.html', 'composer.html', 'dashboard.html', 'strict-csp.html']) {
      await page.goto(`${suite.demo.pagesUrl}/${path}`);
      await page.waitForLoadState('networkidle');
      const violations = await axeViolations(page);
      if (violations.length > 0) report[path] = violations;
    }
    expect(report).toEqual({});
    await context.close();
  });

  test('the strict-CSP page works with no CSP or Trusted Types violation', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.addInitScript(() => {
      (window as unknown as { __violations: string[] }).__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { __violations: string[] }).__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const response = await page.goto(`${suite.demo.pagesUrl}/strict-csp.html`);
    expect(response?.headers()['content-security-policy']).toContain("require-trusted-types-for 'script'");
    await page.locator('vitrine-card [part~="title"]').first().waitFor();
    await page.locator('vitrine-card [part~="title"]').first().click();
    await page.locator('vitrine-buy-sheet [part~="dialog"]').first().waitFor({ state: 'visible' });
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('no horizontal overflow at 280 px: cards, shelf and sheet fit the narrowest phone', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 280, height: 640 } });
    const page = await blog(context);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    const cardWidths = await page.locator('vitrine-card').evaluateAll((cards) => cards.map((card) => card.getBoundingClientRect().right));
    expect(Math.max(...cardWidths)).toBeLessThanOrEqual(280);
    await inCard(page, 'rec-lin-serum', 'title').click();
    const dialog = page.locator('vitrine-card[rec="rec-lin-serum"] vitrine-buy-sheet [part~="dialog"]');
    await dialog.waitFor({ state: 'visible' });
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(280);
    await context.close();
  });

  test('the script tag adds one global of its own, and loading it twice is harmless', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const problems = watch(page);
    // A real page of the demo (a page fulfilled by the test would count as a public
    // origin, and Chromium's Local Network Access would block its API requests).
    await page.goto(`${suite.demo.pagesUrl}/index.html`);
    const baseline = await page.evaluate(() => Object.getOwnPropertyNames(window));
    const headStyles = () => page.evaluate(() => document.head.querySelectorAll('style, link[rel="stylesheet"]').length + document.adoptedStyleSheets.length);
    const stylesBefore = await headStyles();
    await page.evaluate(async (api) => {
      const load = () =>
        new Promise((resolve, reject) => {
          const script = Object.assign(document.createElement('script'), { src: '/dist/vitrine.js', async: true, onload: resolve, onerror: reject });
          Object.assign(script.dataset, { api, locale: 'en', consent: 'denied' });
          document.head.append(script);
        });
      await Promise.all([load(), load()]);
      document.body.append(Object.assign(document.createElement('vitrine-card'), { rec: 'rec-sam-charger' }));
    }, suite.demo.platformUrl);
    await page.locator('vitrine-card [part~="title"]').waitFor();
    const added = await page.evaluate((before) => Object.getOwnPropertyNames(window).filter((name) => !before.includes(name)), baseline);
    // Ours is one name. The libraries inside add their own coordination globals
    // (Lit: versions and decorator metadata; zod: shared config and registry);
    // pinned here so that any other leak fails.
    const libraries = /^(litHtmlVersions|litElementVersions|reactiveElementVersions|litPropertyMetadata|__zod_globalConfig|__zod_globalRegistry)$/;
    expect(added.filter((name) => !libraries.test(name))).toEqual(['Vitrine']);
    // Nothing styles the host page: every style lives in the elements' shadow roots.
    expect(await headStyles()).toBe(stylesBefore);
    expect(await page.evaluate(() => (window as unknown as { Vitrine: { version: string } }).Vitrine.version)).toMatch(/^\d+\.\d+\.\d+/);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('screenshots of the blogger page: light and dark, phone and desktop', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [name, viewport] of [
        ['phone', { width: 375, height: 812 }],
        ['desktop', { width: 1280, height: 900 }],
      ] as const) {
        const context = await suite.browser.newContext({ colorScheme, viewport, deviceScaleFactor: 1 });
        const page = await blog(context);
        await scrollThrough(page);
        const lazyImages = await page.locator('vitrine-card img[part~="image"]').evaluateAll((images) => images.filter((image) => !(image as HTMLImageElement).complete).length);
        expect(lazyImages).toBe(0);
        const file = join(artifacts, `blog-${colorScheme}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect((await stat(file)).size).toBeGreaterThan(10_000);
        await context.close();
      }
    }
  });
  test('the npm/ESM page: the package modules load through the import map, and a <vitrine-root> defined after its elements still configures them', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${suite.demo.pagesUrl}/npm.html`);
    await page.locator('vitrine-card [part~="title"]').first().waitFor();
    expect(problems).toEqual([]);

    // The same page with its script replaced: only the card module first, the root module later.
    const late = await context.newPage();
    const lateProblems = watch(late);
    await late.route('**/npm.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `import 'vitrine/components/card';
          const root = document.createElement('vitrine-root');
          root.setAttribute('api', ${JSON.stringify(suite.demo.platformUrl)});
          root.setAttribute('locale', 'en');
          root.innerHTML = '<vitrine-card id="late" rec="rec-sam-earbuds"></vitrine-card>';
          document.body.prepend(root);
          window.defineRoot = () => import('vitrine/components/root');`,
      }),
    );
    await late.goto(`${suite.demo.pagesUrl}/npm.html`);
    await late.locator('#late [part~="error"]').waitFor(); // no root yet, and no configure() on this page
    await late.evaluate(() => (window as unknown as { defineRoot(): Promise<unknown> }).defineRoot());
    await late.locator('#late [part~="title"]').waitFor();
    expect(lateProblems).toEqual([]);
    await context.close();
  });
});
