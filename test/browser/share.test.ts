/**
 * Cards where scripts do not run, in a real Chromium against the demo
 * (platform with the share routes and `vitrine/ssr`, shop simulator, pages):
 * a reader with JavaScript off buys through the share page and the order is
 * attributed, pages through a link-in-bio page and finds a card by its share
 * code; unfurl bots and prefetches count nothing; hydration keeps the
 * layout still (CLS 0); JSON-LD matches what is on screen; an oEmbed consumer
 * embeds a card, and the endpoint answers over HTTP per oEmbed 1.0 (sized,
 * 404, 501); axe finds nothing on /r/ and /@; the fallback snippet is a
 * working, disclosed link, hidden once the element upgrades.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { cardSnippet } from 'vitrine';
import { fixtures } from 'vitrine/testing';
import type { Demo } from '../../examples/start.ts';
import { axeViolations } from './axe.ts';
import { findChromium } from './chromium.ts';
import { useDemo } from './demo-suite.ts';

const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) throw new Error('The browser suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');

const LIN_KEY = 'demo-only-key-lin-7f3a9c2e51'; // the demo seed's DEMO ONLY creator key
/** A reader's browser: headless Chromium's own user agent says "HeadlessChrome", which is (rightly) a bot. */
const READER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const BOTS = [
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Twitterbot/1.0',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  'TelegramBot (like TwitterBot)',
  'WhatsApp/2.23.20.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
];

const suite = useDemo(chromiumPath, 'vitrine-share-');
let demo: Demo;
let browser: Browser;

async function open(options: BrowserContextOptions, url: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ userAgent: READER, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // The browser's own favicon request is not the page's problem.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(url);
  return { page, problems };
}

async function statsOf(recommendationId: string): Promise<{ clicks: number; orders: number } | undefined> {
  const response = await fetch(`${demo.platformUrl}/v1/creators/creator-lin/stats`, { headers: { authorization: `Bearer ${LIN_KEY}` } });
  const body = (await response.json()) as { recommendations: Array<{ recommendationId: string; clicks: number; orders: number }> };
  return body.recommendations.find((row) => row.recommendationId === recommendationId);
}

describe.skipIf(!chromiumPath)('cards where scripts do not run, in Chromium', () => {
  beforeAll(() => {
    ({ demo, browser } = suite);
  });

  test('JavaScript off: the share page shows the card with its price, the buy link lands at the shop with a click id, the order is attributed', async () => {
    const { page, problems } = await open({ javaScriptEnabled: false, locale: 'zh-CN' }, `${demo.platformUrl}/r/rec-lin-serum`);
    const sheet = page.locator('vitrine-buy-sheet[inline]');
    await expect.poll(() => sheet.locator('[part~="title"]').textContent()).toBe('山茶花保湿精华液 30ml');
    expect(await sheet.locator('[part~="price"]').first().isVisible()).toBe(true);
    expect(await sheet.locator('[part~="price"]').first().innerText()).toMatch(/¥\d+\.\d{2}/);
    expect(await sheet.locator('[part~="disclosure"]').innerText()).toBe('广告');

    const buy = sheet.locator('a[part~="buy"]').first();
    expect(new URL((await buy.getAttribute('href'))!).pathname).toBe('/go/rec-lin-serum');
    const [shop] = await Promise.all([page.context().waitForEvent('page'), buy.click()]);
    await shop.waitForLoadState('load');
    const landed = new URL(shop.url());
    expect(landed.origin).toBe(demo.shopUrl);
    const clickId = landed.searchParams.get('vt_click')!;
    expect(clickId).toMatch(/^[\w-]{22}$/);
    expect(landed.searchParams.get('vt_creator')).toBe('creator-lin');

    await shop.getByRole('link', { name: 'Buy now' }).click();
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.waitForLoadState('load');
    await expect
      .poll(async () => {
        const response = await fetch(`${demo.platformUrl}/v1/orders/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clickIds: [clickId] }) });
        return ((await response.json()) as { orders: Array<{ creatorId: string | null }> }).orders.map((order) => order.creatorId);
      }, { timeout: 15_000 })
      .toEqual(['creator-lin']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('JavaScript off: the link-in-bio page shows disclosed cards, pages by plain links, buys through /go/, and its code box finds a card', async () => {
    const { page, problems } = await open({ javaScriptEnabled: false, locale: 'en', viewport: { width: 280, height: 800 } }, `${demo.platformUrl}/@linxiaolu`);
    const cards = page.locator('ul.cards > li vitrine-card');
    expect(await cards.count()).toBe(4);
    expect(await page.locator('.note').innerText()).toContain('commission');
    for (const card of await cards.all()) {
      const rec = (await card.getAttribute('rec'))!;
      expect(await card.locator('[part~="price"]').first().isVisible(), rec).toBe(true);
      // Every paid pick says so (the demo has one unpaid pick, rec-lin-hotpot, with no label).
      const disclosed = fixtures.card(rec).recommendation.disclosure !== 'none';
      expect(await card.locator('[part~="disclosure"]').isVisible(), rec).toBe(disclosed);
    }
    const firstPage = await cards.evaluateAll((elements) => elements.map((element) => element.getAttribute('rec')));

    // The second page, by its plain "next" link: the remaining picks, none repeated, a way back.
    await page.locator('a[rel="next"]').click();
    await page.waitForLoadState('load');
    const secondPage = await cards.evaluateAll((elements) => elements.map((element) => element.getAttribute('rec')));
    expect(secondPage).toHaveLength(2);
    expect(secondPage.filter((rec) => firstPage.includes(rec))).toEqual([]);
    expect(await page.locator('a[rel="next"]').count()).toBe(0);
    expect(await page.locator('a[rel="first"]').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    const rec = secondPage[0]!;
    const before = (await statsOf(rec))?.clicks ?? 0;
    const buy = page.locator(`vitrine-card[rec="${rec}"] a[part~="buy"]`).first();
    expect(new URL((await buy.getAttribute('href'))!).pathname).toBe(`/go/${rec}`);
    const [shop] = await Promise.all([page.context().waitForEvent('page'), buy.click()]);
    await shop.waitForLoadState('load');
    expect(new URL(shop.url()).origin).toBe(demo.shopUrl);
    expect(new URL(shop.url()).searchParams.get('vt_click')).toMatch(/^[\w-]{22}$/);
    expect((await statsOf(rec))?.clicks).toBe(before + 1);
    await shop.close();

    // The code box (a GET form): a share code typed as a person would, lower case with spaces.
    const { code } = (await (await fetch(`${demo.platformUrl}/v1/cards/rec-lin-tea/share`)).json()) as { code: string };
    await page.getByRole('textbox').fill(` ${code.toLowerCase()} `);
    await page.getByRole('search').getByRole('button').click();
    await page.waitForURL(`${demo.platformUrl}/r/rec-lin-tea`);
    expect(await page.locator('vitrine-buy-sheet[inline] [part~="title"]').textContent()).toBe(fixtures.card('rec-lin-tea').product.title);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('unfurl bots get 200 HTML with the tags, prefetches get no click, and none of it is counted', async () => {
    const before = (await statsOf('rec-lin-sunscreen'))?.clicks ?? 0;
    for (const agent of BOTS) {
      const page = await fetch(`${demo.platformUrl}/r/rec-lin-sunscreen`, { headers: { 'user-agent': agent } });
      expect(page.status, agent).toBe(200);
      const html = await page.text();
      expect(html.slice(0, 2048), agent).toContain('<meta property="og:type" content="product">');
      const go = await fetch(`${demo.platformUrl}/go/rec-lin-sunscreen`, { headers: { 'user-agent': agent }, redirect: 'manual' });
      expect(go.status, agent).toBe(302);
      expect(new URL(go.headers.get('location')!).searchParams.get('vt_click'), agent).toBeNull();
    }
    const prefetch = await fetch(`${demo.platformUrl}/go/rec-lin-sunscreen`, { headers: { 'user-agent': READER, 'sec-purpose': 'prefetch' }, redirect: 'manual' });
    expect(prefetch.status).toBe(503);
    expect((await statsOf('rec-lin-sunscreen'))?.clicks ?? 0).toBe(before);
    // A reader's click through the same route does count: the check above can fail.
    await fetch(`${demo.platformUrl}/go/rec-lin-sunscreen`, { headers: { 'user-agent': READER }, redirect: 'manual' });
    expect((await statsOf('rec-lin-sunscreen'))?.clicks).toBe(before + 1);
  });

  test('hydration of the server-rendered sheet keeps CLS at 0, at 280 px and on a desktop, with no error', async () => {
    for (const width of [280, 1280]) {
      const context = await browser.newContext({ userAgent: READER, viewport: { width, height: 800 }, locale: 'zh-CN' });
      await context.addInitScript(() => {
        const w = window as unknown as { __cls: number };
        w.__cls = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!entry.hadRecentInput) w.__cls += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if ((message.type() === 'error' || message.type() === 'warning') && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text());
      });
      await page.goto(`${demo.platformUrl}/r/rec-lin-serum`);
      const sheet = page.locator('vitrine-buy-sheet[inline]');
      // Hydrated and live: the browser-only share button exists, favourite is enabled.
      await sheet.locator('[part~="share"]').waitFor();
      expect(await sheet.locator('[part~="favourite"]').isEnabled()).toBe(true);
      expect(await sheet.locator('[part~="error"]').count()).toBe(0);
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls), `CLS at ${width}px`).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no horizontal overflow at ${width}px`).toBe(true);
      // The buy links still go through /go/ (the platform records the click), now with the browser's click id.
      const href = new URL((await sheet.locator('a[part~="buy"]').first().getAttribute('href'))!);
      expect(href.pathname).toBe('/go/rec-lin-serum');
      expect(href.searchParams.get('click')).toMatch(/^[\w-]{22}$/);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test('JSON-LD in the initial HTML matches the rendered offers: same shops, same prices', async () => {
    const { page } = await open({ javaScriptEnabled: false, locale: 'zh-CN' }, `${demo.platformUrl}/r/rec-sam-earbuds?locale=zh-CN`);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as {
      name: string;
      offers: Array<{ price: string; priceCurrency: string; seller: { name: string } }>;
      review: { author: { name: string }; reviewBody: string };
    };
    const sheet = page.locator('vitrine-buy-sheet[inline]');
    expect(await sheet.locator('[part~="title"]').textContent()).toBe(ld.name);
    expect(await sheet.locator('[part~="reason"]').textContent()).toBe(ld.review.reviewBody);
    expect(await sheet.locator('[part~="creator"]').innerText()).toContain(ld.review.author.name);
    const rendered = await sheet.locator('li[part~="offer"]').evaluateAll((items) =>
      items.map((item) => ({
        shop: item.querySelector('[part~="partner"] .name')!.textContent!,
        price: item.querySelector('[part~="price"]')!.textContent!.replace(/\D/g, ''),
      })),
    );
    const described = ld.offers.map((offer) => ({ shop: offer.seller.name, price: offer.price.replace(/\D/g, '') }));
    expect(described.length).toBeGreaterThan(1);
    expect([...described].sort((a, b) => a.shop.localeCompare(b.shop))).toEqual([...rendered].sort((a, b) => a.shop.localeCompare(b.shop)));
    await page.context().close();
  });

  test('an oEmbed consumer discovers the endpoint, embeds the card, and the embed works without scripts', async () => {
    const { page, problems } = await open({ javaScriptEnabled: false }, `${demo.pagesUrl}/no-script.html`);
    const iframe = page.locator('.oembed iframe');
    expect(await iframe.getAttribute('sandbox')).not.toContain('allow-scripts');
    const embedded = page.frameLocator('.oembed iframe');
    await expect.poll(() => embedded.locator('vitrine-card [part~="title"]').textContent()).toBe('山茶花保湿精华液 30ml');
    expect(await embedded.locator('vitrine-card [part~="price"]').innerText()).toMatch(/\d/);
    const buy = embedded.locator('vitrine-card a[part~="buy"]');
    expect(new URL((await buy.getAttribute('href'))!).pathname).toBe('/go/rec-lin-serum');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('the oEmbed endpoint over HTTP: discovered from both pages, rich and sized, 404 for what it does not embed, 501 for XML', async () => {
    for (const path of ['/r/rec-lin-serum', '/@linxiaolu']) {
      const html = await (await fetch(`${demo.platformUrl}${path}`, { headers: { 'user-agent': READER } })).text();
      const href = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(html.slice(0, 2048))?.[1]?.replace(/&#38;|&amp;/g, '&');
      expect(href, path).toBeDefined();
      const response = await fetch(`${href}&maxwidth=320&maxheight=240`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
      const body = (await response.json()) as { version: string; type: string; width: number; height: number; html: string };
      expect(body, path).toMatchObject({ version: '1.0', type: 'rich', width: 320, height: 240 });
      expect(body.html, path).toContain('width="320" height="240"');
    }
    const ask = (query: string) => fetch(`${demo.platformUrl}/oembed?${query}`).then((response) => response.status);
    expect(await ask(`url=${encodeURIComponent(`${demo.platformUrl}/r/rec-nope`)}`)).toBe(404);
    expect(await ask(`url=${encodeURIComponent('https://elsewhere.example/r/rec-lin-serum')}`)).toBe(404);
    expect(await ask(`url=${encodeURIComponent(`${demo.platformUrl}/r/rec-lin-serum`)}&format=xml`)).toBe(501);
  });

  test('axe-core finds no violations on the share page and the link-in-bio page, at 280 px and on a desktop', async () => {
    const report: Record<string, unknown[]> = {};
    for (const width of [280, 1280]) {
      // bypassCSP only so that axe can be injected under the pages' strict CSP.
      const context = await browser.newContext({ bypassCSP: true, userAgent: READER, viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const path of ['/r/rec-lin-serum', '/r/rec-sam-earbuds?locale=en', '/@linxiaolu', '/@samtests?locale=zh-TW']) {
        await page.goto(`${demo.platformUrl}${path}`);
        await page.locator('vitrine-buy-sheet, vitrine-card').first().waitFor();
        await page.waitForLoadState('networkidle');
        const violations = await axeViolations(page);
        if (violations.length > 0) report[`${path} @${width}`] = violations;
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${path} fits ${width}px`).toBe(true);
      }
      await context.close();
    }
    expect(report).toEqual({});
  });

  test('the integrator example (/ssr.html, rendered by the pages server) shows cards without scripts and hydrates them with them', async () => {
    const off = await open({ javaScriptEnabled: false }, `${demo.pagesUrl}/ssr.html`);
    expect(await off.page.locator('script[type="application/ld+json"]').count()).toBe(2);
    for (const rec of ['rec-lin-serum', 'rec-sam-earbuds']) {
      expect(await off.page.locator(`vitrine-card[rec="${rec}"] [part~="price"]`).innerText()).toMatch(/\d/);
      expect(new URL((await off.page.locator(`vitrine-card[rec="${rec}"] a[part~="buy"]`).getAttribute('href'))!).pathname).toBe(`/go/${rec}`);
    }
    await off.page.context().close();
    const on = await open({}, `${demo.pagesUrl}/ssr.html`);
    await expect.poll(() => on.page.locator('vitrine-card[rec="rec-lin-serum"] [part~="add-to-cart"]').isEnabled()).toBe(true);
    expect(await on.page.locator('vitrine-card [part~="error"]').count()).toBe(0);
    expect(on.problems).toEqual([]);
    await on.page.context().close();
  });

  test('the RSS/e-mail fallback snippet is a working link with the disclosure, hidden once the element upgrades', async () => {
    const card = fixtures.card('rec-lin-serum');
    const snippet = cardSnippet(card, { platformUrl: demo.platformUrl, locale: 'zh-CN' });
    // Where the script is stripped (an e-mail client, a feed reader): just the markup.
    const context = await browser.newContext({ userAgent: READER, javaScriptEnabled: false });
    const mail = await context.newPage();
    await mail.setContent(`<!doctype html><html lang="zh-CN"><body><p>本周推荐</p>${snippet}</body></html>`);
    const link = mail.getByRole('link');
    expect(await link.isVisible()).toBe(true);
    expect(await link.innerText()).toContain('广告');
    expect(await link.getAttribute('rel')).toBe('sponsored');
    const response = await fetch((await link.getAttribute('href'))!);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('山茶花保湿精华液 30ml');
    await context.close();

    // Where it runs, the card replaces its fallback.
    const blog = await browser.newContext({ userAgent: READER });
    const page = await blog.newPage();
    await page.goto(`${demo.pagesUrl}/index.html`);
    await page.setContent(`<!doctype html><html lang="zh-CN"><body>${snippet}<script src="${demo.pagesUrl}/dist/vitrine.js" data-api="${demo.platformUrl}"></script></body></html>`);
    await page.locator('vitrine-card [part~="title"]').waitFor();
    expect(await page.locator('vitrine-card > a').isVisible()).toBe(false);
    await blog.close();
  });
});
