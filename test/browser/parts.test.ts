/**
 * A page stylesheet reaches nested elements through the forwarded parts
 * (`exportparts`): a shelf's cards (`card-*`), the sheet a card opens (`sheet-*`),
 * the sheet of a shelf's card (`card-sheet-*`) and the cart a cart button opens
 * (`cart-*`). The script tag (dist/vitrine.js and its chunks, under a versioned
 * path as a CDN serves them) on a page served from memory, with the in-memory
 * platform of `vitrine/testing` behind the API.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { API, openApp } from '../consumer/page.ts';
import { findChromium } from './chromium.ts';
import { useScriptTagSite } from './script-tag-site.ts';

const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) throw new Error('The browser suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>parts</title>
<style>
  vitrine-card::part(title) { color: rgb(200, 0, 0); }
  vitrine-card::part(sheet-title) { color: rgb(0, 0, 200); }
  vitrine-shelf::part(card-title) { color: rgb(0, 120, 0); }
  vitrine-shelf::part(card-sheet-title) { color: rgb(120, 0, 120); }
  vitrine-cart-button::part(cart-checkout) { color: rgb(0, 100, 100); }
</style>
<script src="/npm/vitrine@0.1.0/dist/vitrine.js" data-api="${API}" data-creator="creator-lin" data-locale="en" data-consent="granted" async></script>
</head><body>
  <vitrine-card rec="rec-lin-serum"></vitrine-card>
  <vitrine-shelf creator="creator-lin" limit="2"></vitrine-shelf>
  <vitrine-cart-button></vitrine-cart-button>
</body></html>
`;

const color = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).color);


const suite = useScriptTagSite(chromiumPath, 'vitrine-parts-', { 'index.html': PAGE }, 'npm/vitrine@0.1.0/dist');

describe.skipIf(!chromiumPath)('styling nested elements from the page', () => {
  test('::part() reaches shelf cards, card-opened sheets and the cart button’s cart', async () => {
    const context = await suite.browser.newContext();
    const { page, problems } = await openApp(context, suite.dir);

    const cardTitle = page.locator('body > vitrine-card [part~="title"]').first();
    const shelfTitle = page.locator('vitrine-shelf vitrine-card [part~="title"]').first();
    await cardTitle.waitFor();
    await shelfTitle.waitFor();
    expect(await color(cardTitle)).toBe('rgb(200, 0, 0)');
    expect(await color(shelfTitle)).toBe('rgb(0, 120, 0)');

    await cardTitle.click();
    const sheetTitle = page.locator('body > vitrine-card vitrine-buy-sheet [part~="title"]');
    await sheetTitle.waitFor({ state: 'visible' });
    expect(await color(sheetTitle)).toBe('rgb(0, 0, 200)');
    await page.keyboard.press('Escape');

    await shelfTitle.click();
    const shelfSheetTitle = page.locator('vitrine-shelf vitrine-card vitrine-buy-sheet [part~="title"]').first();
    await shelfSheetTitle.waitFor({ state: 'visible' });
    expect(await color(shelfSheetTitle)).toBe('rgb(120, 0, 120)');
    await page.keyboard.press('Escape');

    await page.locator('body > vitrine-card [part~="add-to-cart"]').click();
    await page.locator('vitrine-cart-button [part~="button"]').click();
    const checkout = page.locator('vitrine-cart-button vitrine-cart [part~="checkout"]').first();
    await checkout.waitFor({ state: 'visible' });
    expect(await color(checkout)).toBe('rgb(0, 100, 100)');

    expect(problems).toEqual([]);
    await context.close();
  });
});
