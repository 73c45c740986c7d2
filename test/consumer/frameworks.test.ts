/**
 * The framework examples (examples/react, vue, svelte), installed from the packed
 * tarball with their own devDependencies: each is type-checked with its
 * framework's checker (tsc, vue-tsc, svelte-check) against the generated
 * `vitrine/react` / `vitrine/vue` / `vitrine/svelte` types, built for production
 * with Vite, and loaded in Chromium: the card passed as a property renders, the
 * shelf renders its cards, and the app's `vitrine-add-to-cart` and
 * `vitrine-click` handlers fire.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, test } from 'vitest';
import { primaryOffer } from 'vitrine';
import { fixtures } from 'vitrine/testing';
import { findChromium, launchChromium } from '../browser/chromium.ts';
import { API, openApp } from './page.ts';
import { FRAMEWORKS, run, type Framework } from './setup.ts';
import { snippets } from './snippets.ts';

const { examples } = inject('consumer');
const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) throw new Error('The consumer suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');
const card = fixtures.card('rec-lin-serum');

/** The README's block for each framework, type-checked as a file of its example. */
const README_BLOCKS: Record<Framework, { language: string; file: (name: string) => string }> = {
  react: { language: 'tsx', file: (name) => `src/${name}.tsx` },
  vue: { language: 'vue', file: (name) => `src/${name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}.vue` },
  svelte: { language: 'svelte', file: (name) => `src/${name}.svelte` },
};

let browser: Browser;
beforeAll(async () => {
  if (chromiumPath) browser = await launchChromium(chromiumPath);
});
afterAll(async () => {
  await browser?.close();
});

describe.concurrent.each(FRAMEWORKS)('examples/%s', (framework) => {
  const dir = examples[framework];

  test('type-checks against the packed types, builds for production, renders a card from a property and a shelf, and its event handlers fire', async ({ expect }) => {
    const blocks = snippets([README_BLOCKS[framework].language]);
    expect(blocks.length, `the README's ${framework} example`).toBeGreaterThanOrEqual(1);
    for (const block of blocks) await writeFile(join(dir, README_BLOCKS[framework].file(block.name)), block.code);
    await run('npm', ['run', 'typecheck'], dir);
    await run('npm', ['run', 'build'], dir, { VITE_VITRINE_API: API });
    if (!chromiumPath) return;
    const context = await browser.newContext();
    try {
      const { page, problems } = await openApp(context, join(dir, 'dist'));
      const title = page.locator('main > vitrine-card [part~="title"]').first();
      await expect.poll(() => title.textContent(), { timeout: 15_000 }).toBe(card.product.title);
      await page.locator('vitrine-shelf vitrine-card [part~="title"]').first().waitFor({ timeout: 15_000 });
      expect(await page.locator('vitrine-shelf vitrine-card').count()).toBe(2);

      await page.locator('main > vitrine-card [part~="add-to-cart"]').first().click();
      await page.locator('main > vitrine-card [part~="buy"]').first().click();
      const log = page.locator('#log li');
      await expect.poll(() => log.allTextContents(), { timeout: 10_000 }).toEqual([
        `vitrine-add-to-cart: ${card.product.title} × 1`,
        `vitrine-click: ${primaryOffer(card).partnerId}`,
      ]);
      expect(context.pages()).toHaveLength(1); // the click was prevented: no partner tab opened
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
