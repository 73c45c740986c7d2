/**
 * Pushed updates in a real Chromium, with polling pushed out of reach: the
 * demo blog's `<vitrine-order-status>` and the creator dashboard's
 * `<vitrine-stats>` get their refresh period raised to an hour, so only their
 * Server-Sent Events streams can bring a change within the test's wait (10 s).
 * The latencies themselves are measured by `npm run bench:live:browser`.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SEED, readSeed } from '../../examples/platform/seed.ts';
import { planClickId, planTarget, postConversion, singleLineOrder } from '../helpers/callbacks.ts';
import { findChromium } from './chromium.ts';
import { useDemo, watch } from './demo-suite.ts';

const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) {
  throw new Error('The browser suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');
}

const suite = useDemo(chromiumPath, 'vitrine-live-');

type Live = HTMLElement & {
  interval: number;
  updateComplete: Promise<unknown>;
  orders?: Array<{ partnerOrderId: string; status: string }>;
  stats?: { recommendations: Array<{ impressions: number }> };
};

/** Waits for `tag` to have loaded, then raises its refresh period to an hour. */
async function pollOnlyHourly(page: Page, tag: 'vitrine-order-status' | 'vitrine-stats'): Promise<void> {
  await page.waitForFunction((name) => {
    const element = document.querySelector(name) as Live | null;
    return element !== null && (name === 'vitrine-stats' ? element.stats !== undefined : element.orders !== undefined);
  }, tag);
  await page.evaluate(async (name) => {
    const element = document.querySelector(name) as Live;
    element.interval = 3_600_000;
    await element.updateComplete;
  }, tag);
}

const orderStatus = (page: Page, orderId: string) =>
  page.evaluate((id) => (document.querySelector('vitrine-order-status') as Live).orders?.find((order) => order.partnerOrderId === id)?.status ?? null, orderId);
const impressions = (page: Page) =>
  page.evaluate(() => (document.querySelector('vitrine-stats') as Live).stats?.recommendations.reduce((sum, row) => sum + row.impressions, 0) ?? -1);

describe.skipIf(!chromiumPath)('pushed updates in Chromium (polling out of reach)', () => {
  test('a partner callback reaches the blog’s <vitrine-order-status>, and a reader’s event the dashboard’s <vitrine-stats>, through their streams', async () => {
    const run = randomBytes(4).toString('hex');
    const target = planTarget(await readSeed(DEFAULT_SEED, { shop: suite.demo.shopUrl, platform: suite.demo.platformUrl }));
    expect(target.creatorId).toBe('creator-lin'); // whose stats the dashboard shows
    const clickId = planClickId(run, 0);
    const context = await suite.browser.newContext();
    try {
      // The reader clicked through to the shop earlier: the blog's click log holds the click id.
      await context.addInitScript(
        ([entry]) => localStorage.setItem('vitrine:clicks', JSON.stringify([entry])),
        [{ clickId, partnerId: target.partnerId, recommendationId: target.recommendationId, at: new Date().toISOString() }] as const,
      );
      const blog = await context.newPage();
      const dashboard = await context.newPage();
      const problems = [blog, dashboard].map(watch);
      await blog.goto(`${suite.demo.pagesUrl}/blog.html`);
      await dashboard.goto(`${suite.demo.pagesUrl}/dashboard.html`);
      await pollOnlyHourly(blog, 'vitrine-order-status');
      await pollOnlyHourly(dashboard, 'vitrine-stats');
      const before = await impressions(dashboard);
      expect(before).toBeGreaterThanOrEqual(0);

      const orderId = `${run}-pushed`;
      await postConversion(suite.demo.platformUrl, target, singleLineOrder(target, orderId, clickId, 'placed'));
      await expect.poll(() => orderStatus(blog, orderId)).toBe('placed');
      await postConversion(suite.demo.platformUrl, target, singleLineOrder(target, orderId, clickId, 'paid'));
      await expect.poll(() => orderStatus(blog, orderId)).toBe('paid');

      // One impression, posted from the reader's page as the SDK sends it (text/plain: no preflight).
      const event = { id: `evt-${run}-pushed`, type: 'impression', at: new Date().toISOString(), recommendationId: target.recommendationId, creatorId: target.creatorId };
      const status = await blog.evaluate(
        async ([api, body]) => (await fetch(`${api}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status,
        [suite.demo.platformUrl, JSON.stringify({ events: [event] })] as const,
      );
      expect(status).toBe(202);
      await expect.poll(() => impressions(dashboard)).toBe(before + 1);
      expect(problems.flat()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a click on the blog reopens <vitrine-order-status>’s stream with the new click id: the order it leads to is pushed', async () => {
    const run = randomBytes(4).toString('hex');
    const target = planTarget(await readSeed(DEFAULT_SEED, { shop: suite.demo.shopUrl, platform: suite.demo.platformUrl }));
    const context = await suite.browser.newContext();
    try {
      const blog = await context.newPage();
      const problems = watch(blog);
      await blog.goto(`${suite.demo.pagesUrl}/blog.html`);
      // A reader who never clicked: the element has no click id, so no stream, and polls once an hour.
      await pollOnlyHourly(blog, 'vitrine-order-status');
      const clicks = () => blog.evaluate(() => (JSON.parse(localStorage.getItem('vitrine:clicks') ?? '[]') as Array<{ clickId: string }>).map((entry) => entry.clickId));
      expect(await clicks()).toEqual([]);

      // The reader clicks the card's buy link: the shop opens in a new tab.
      const buy = blog.locator(`vitrine-card[rec="${target.recommendationId}"]`).locator('a[part~="buy"]').first();
      const [shop] = await Promise.all([context.waitForEvent('page'), buy.click()]);
      await shop.close();
      const [clickId] = await clicks();
      expect(clickId).toMatch(/^[\w-]{16,64}$/);

      // The shop reports the order of that click: the blog's element shows it without a poll.
      const orderId = `${run}-after-click`;
      await postConversion(suite.demo.platformUrl, target, singleLineOrder(target, orderId, clickId!, 'placed'));
      await expect.poll(() => orderStatus(blog, orderId)).toBe('placed');

      // The reader clicks in another tab of the blog: the first tab's stream follows that click too (the storage event).
      const other = await context.newPage();
      const otherProblems = watch(other);
      await other.goto(`${suite.demo.pagesUrl}/blog.html`);
      const [otherShop] = await Promise.all([context.waitForEvent('page'), other.locator(`vitrine-card[rec="${target.recommendationId}"]`).locator('a[part~="buy"]').first().click()]);
      await otherShop.close();
      await expect.poll(async () => (await clicks()).length).toBe(2);
      const [otherClickId] = await clicks();
      const otherOrderId = `${run}-other-tab`;
      await postConversion(suite.demo.platformUrl, target, singleLineOrder(target, otherOrderId, otherClickId!, 'placed'));
      await expect.poll(() => orderStatus(blog, otherOrderId)).toBe('placed');
      expect([...problems, ...otherProblems]).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a dashboard showing "today" moves on at the reader’s midnight with no event meanwhile (Chromium’s clock, Asia/Shanghai)', async () => {
    const context = await suite.browser.newContext({ timezoneId: 'Asia/Shanghai' });
    try {
      const dashboard = await context.newPage();
      const problems = watch(dashboard);
      // A minute before midnight on 10 March in Shanghai; Chromium's timers and Date follow this clock.
      await dashboard.clock.install({ time: new Date('2026-03-10T15:59:00Z') });
      const asked: string[] = [];
      dashboard.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname.endsWith('/stats') && url.searchParams.get('bucket') === 'hour') asked.push(url.searchParams.get('from') ?? '');
      });
      await dashboard.goto(`${suite.demo.pagesUrl}/dashboard.html`);
      await dashboard.evaluate(async () => {
        const element = document.querySelector('vitrine-stats') as Live & { range: string };
        element.interval = 3_600_000;
        element.range = 'today';
        await element.updateComplete;
      });
      await expect.poll(() => asked.at(-1)).toBe('2026-03-09T16:00:00.000Z'); // 10 March, local midnight
      await dashboard.clock.runFor(62_000);
      await expect.poll(() => asked.at(-1)).toBe('2026-03-10T16:00:00.000Z'); // 11 March
      await expect.poll(() => dashboard.evaluate(() => (document.querySelector('vitrine-stats') as Live).stats !== undefined)).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
