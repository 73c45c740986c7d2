/**
 * Every public entry of the packed package, built for production by Vite, Rollup
 * and esbuild in a fresh app, then loaded in Chromium: the tags the entry
 * promises are defined (and a side-effect-free entry defines none), a card given
 * data through its `card` property renders its title, and the page reports no
 * error. The gzip size of each bundle is recorded for the closing table.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { fixtures } from 'vitrine/testing';
import { findChromium, launchChromium } from '../browser/chromium.ts';
import { openApp, API } from './page.ts';
import { BUNDLERS, buildProbe, entryProbes, manifestTags, NAMED_PROBES, type Probe } from './probes.ts';

const { app, sizes } = inject('consumer');
const packageDir = join(app, 'node_modules', 'vitrine');
const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) throw new Error('The consumer suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');

const probes: Probe[] = [...entryProbes(packageDir), ...NAMED_PROBES.map((probe) => ({ ...probe, tags: [] }))];
const allTags = manifestTags(packageDir);
const card = fixtures.card('rec-lin-serum');
const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

let browser: Browser;
beforeAll(async () => {
  if (chromiumPath) browser = await launchChromium(chromiumPath);
});
afterAll(async () => {
  await browser?.close();
});

test('the probes cover every entry of package.json exports', () => {
  const names = probes.map((probe) => probe.name);
  for (const entry of ['vitrine', 'vitrine/components', 'vitrine/components/card', 'vitrine/components/cart-button', 'vitrine/elements', 'vitrine/server', 'vitrine/testing', 'vitrine/vitrine.js']) {
    expect(names).toContain(entry);
  }
  expect(names).not.toContain('vitrine/components/shared');
  expect(probes.find((probe) => probe.name === 'vitrine/components/card')?.tags).toEqual(['vitrine-buy-sheet', 'vitrine-card']);
  expect(probes.find((probe) => probe.name === 'vitrine/components')?.tags).toHaveLength(8);
});

// Concurrent: a build waits on the disk and a page on Chromium, so two cores keep busy.
describe.skipIf(!chromiumPath).concurrent.each(BUNDLERS)('built with %s', (bundler) => {
  test.for(probes.map((probe) => [probe.name, probe] as const))('%s', async ([, probe], { expect }) => {
    const { outDir, gzip } = await buildProbe(app, slug(probe.name), probe, bundler);
    const context = await browser.newContext();
    try {
      const { page, problems } = await openApp(context, outDir);
      await page.waitForFunction(() => (window as { __done?: boolean }).__done === true, undefined, { timeout: 30_000 });
      const defined = await page.evaluate((tags) => tags.filter((tag) => customElements.get(tag)).sort(), allTags);
      expect(defined, `tags defined by ${probe.name}`).toEqual(probe.tags);

      // The card: as registered by the entry, or (classes entry) registered by the app under its own name.
      const tag = await page.evaluate(() => {
        if (customElements.get('vitrine-card')) return 'vitrine-card';
        const entry = (window as { __entry?: Record<string, unknown> }).__entry;
        const Card = entry?.['VitrineCard'] as CustomElementConstructor | undefined;
        if (!Card) return undefined;
        customElements.define('consumer-card', Card);
        return 'consumer-card';
      });
      if (tag) {
        await page.evaluate(
          ({ tag, card, api }) => {
            const element = Object.assign(document.createElement(tag), { card });
            element.setAttribute('api', api);
            document.body.append(element);
          },
          { tag, card, api: API },
        );
        await expect.poll(() => page.locator(`${tag} [part~="title"]`).first().textContent(), { timeout: 10_000 }).toBe(card.product.title);
      }
      expect(problems).toEqual([]);
      if (probe.budget) expect(gzip, `${probe.name} with ${bundler}: ${gzip} B gzip, budget ${probe.budget} B`).toBeLessThanOrEqual(probe.budget);
      appendFileSync(sizes, `${JSON.stringify({ probe: probe.name, bundler, gzip, tags: defined, budget: probe.budget })}\n`);
    } finally {
      await context.close();
    }
  });
});

describe.skipIf(!chromiumPath)('the stylesheet', () => {
  test("import 'vitrine/vitrine.css' in a Vite app: the page links it, and a card whose code has not run yet has its skeleton's size", async () => {
    const probe: Probe = { name: 'vitrine/vitrine.css', code: "import 'vitrine/vitrine.css';\nwindow.__entry = {};", tags: [] };
    const { outDir } = await buildProbe(app, 'vitrine-css', probe, 'vite');
    expect(readdirSync(join(outDir, 'assets')).filter((file) => file.endsWith('.css'))).toHaveLength(1);
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    try {
      const { page, problems } = await openApp(context, outDir);
      await page.waitForFunction(() => (window as { __done?: boolean }).__done === true);
      const box = await page.evaluate(() => {
        const element = document.createElement('vitrine-card');
        element.setAttribute('rec', 'rec-lin-serum');
        document.body.append(element);
        const { width, height } = element.getBoundingClientRect();
        return { defined: customElements.get('vitrine-card') !== undefined, width, height };
      });
      // Without the stylesheet an undefined element is an empty inline box: 0 high.
      expect(box.defined).toBe(false);
      expect(box.height).toBeGreaterThan(80);
      expect(box.width).toBeGreaterThan(200);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
