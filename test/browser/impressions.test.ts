/**
 * Viewable impressions in a real Chromium on the demo: a card seen for less
 * than a second is not counted, one seen for a second is, and its page and
 * `placement` reach the platform's per-placement stats.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations } from './axe.ts';
import { findChromium } from './chromium.ts';
import { join } from 'node:path';
import { ARTIFACTS, useDemo, watch } from './demo-suite.ts';

const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) {
  throw new Error('The browser suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');
}

const LIN_KEY = 'demo-only-key-lin-7f3a9c2e51'; // the demo seed's DEMO ONLY creator key
const suite = useDemo(chromiumPath, 'vitrine-impressions-');

/** The creator's per-placement rows of today (UTC), from the platform. */
async function placements(): Promise<Array<{ page: string; placement: string; impressions: number; clicks: number }>> {
  const now = Date.now();
  const query = new URLSearchParams({ from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 3_600_000).toISOString(), bucket: 'hour', tz: 'UTC' });
  const response = await fetch(`${suite.demo.platformUrl}/v1/creators/creator-lin/stats?${query}`, { headers: { authorization: `Bearer ${LIN_KEY}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { placements: Array<{ page: string; placement: string; impressions: number; clicks: number }> }).placements;
}

/** Scrolls so that the card's centre is in the middle of the viewport. */
async function show(page: Page, id: string): Promise<void> {
  await page.evaluate((target) => document.getElementById(target)!.scrollIntoView({ block: 'center' }), id);
}

describe.skipIf(!chromiumPath)('viewable impressions in Chromium', () => {
  test('a card in view for < 1 s is not counted, one in view for ≥ 1 s is, with its page and placement', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${suite.demo.pagesUrl}/blog.html?utm_source=test#top`);
    await page.locator('#consent-banner [data-consent="granted"]').click();
    // Two cards of a recommendation the page has loaded already (so they render at once), far below everything else.
    await page.locator('vitrine-card[rec="rec-lin-serum"] [part~="title"]').first().waitFor();
    await page.evaluate(() => {
      const spacer = () => Object.assign(document.createElement('div'), { style: 'height: 3000px' });
      const card = (id: string, placement: string) => Object.assign(document.createElement('vitrine-card'), { id, rec: 'rec-lin-serum', placement });
      document.body.append(spacer(), card('glance', 'browser-glance'), spacer(), card('look', 'browser-look'), spacer());
    });
    await page.locator('#glance [part~="title"]').waitFor({ state: 'attached' });
    await page.locator('#look [part~="title"]').waitFor({ state: 'attached' });

    // A glance: 400 ms in view, then away.
    await show(page, 'glance');
    await page.waitForTimeout(400);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(1_500);
    // A look: 1.5 s in view.
    await show(page, 'look');
    await page.waitForTimeout(1_500);
    await page.evaluate(() => window.scrollTo(0, 0));

    const blog = `${suite.demo.pagesUrl}/blog.html`;
    // The queue sends within seconds (and on leaving the page); the glance, earlier in the same queue, would have come first.
    await expect.poll(async () => (await placements()).find((row) => row.placement === 'browser-look'), { timeout: 15_000 }).toMatchObject({ page: blog, impressions: 1 });
    await page.close({ runBeforeUnload: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rows = await placements();
    expect(rows.filter((row) => row.placement === 'browser-glance')).toEqual([]);
    // No query or fragment ever reaches the platform.
    expect(rows.every((row) => !row.page.includes('?') && !row.page.includes('#'))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a click in the buy sheet a card opened counts for the card’s placement', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${suite.demo.pagesUrl}/blog.html`);
    await page.locator('#consent-banner [data-consent="granted"]').click();
    const before = (await placements()).find((row) => row.placement === 'post-hero')?.clicks ?? 0;
    // The blog's first card: <vitrine-card rec="rec-lin-serum" placement="post-hero">.
    const card = page.locator('vitrine-card[placement="post-hero"]');
    await card.locator('[part~="title"]').first().click();
    const buy = card.locator('vitrine-buy-sheet a[part~="buy"]').first();
    const [shop] = await Promise.all([context.waitForEvent('page'), buy.click()]);
    await shop.close();
    await expect.poll(async () => (await placements()).find((row) => row.placement === 'post-hero')?.clicks ?? 0, { timeout: 15_000 }).toBe(before + 1);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the creator dashboard at 280 px: no overflow, axe-clean with the table open, the range picked from the keyboard', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 280, height: 640 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${suite.demo.pagesUrl}/dashboard.html`);
    await page.locator('vitrine-stats [part~="chart"] svg').first().waitFor();
    expect(await page.locator('vitrine-stats').getAttribute('range')).toBe('7d');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(280);
    const box = await page.locator('vitrine-stats').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(280);

    // The chart's text alternative, opened from the keyboard.
    await page.locator('vitrine-stats [part~="series-table"] summary').focus();
    await page.keyboard.press('Enter');
    await page.locator('vitrine-stats [part~="series-table"] table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(280);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-280.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // Arrow keys move through the range radios: 7 d → 30 d.
    await page.locator('vitrine-stats input[type="radio"][value="7d"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('vitrine-stats').getAttribute('range')).toBe('30d');
    await page.locator('vitrine-stats [part~="chart"] svg').first().waitFor();
    expect(await page.locator('vitrine-stats [part~="chart"]').first().locator('rect').count()).toBe(30);
    // A custom range: two date inputs that fit too, in Traditional Chinese.
    await page.evaluate(() => document.querySelector('vitrine-stats')!.setAttribute('locale', 'zh-TW'));
    await page.locator('vitrine-stats input[type="radio"][value="custom"]').check();
    await page.locator('vitrine-stats [part~="custom-range"] input[name="from"]').waitFor();
    expect(await page.locator('vitrine-stats [part~="range"] legend').textContent()).toBe('時間範圍');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(280);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-280-custom-zh-TW.png'), fullPage: false });
    expect(problems).toEqual([]);
    await context.close();
  });
});
