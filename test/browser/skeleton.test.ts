/**
 * Zero layout shift: before its code has run, a card sized by the page's
 * vitrine.css has exactly the size of the skeleton it becomes, and the
 * skeleton that of the card, in every layout, locale and width. The script
 * tag on a page whose card code is held back until the undefined cards have
 * been measured, and its card requests until the skeletons have; then
 * the same cards, loaded, measured again (and the page's layout shifts while
 * they load: none).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API, openApp } from '../consumer/page.ts';
import { findChromium, launchChromium } from './chromium.ts';
import { scriptTagSite } from './script-tag-site.ts';

const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) throw new Error('The browser suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');

const LAYOUTS = ['compact', 'full', 'tile'] as const;
const LOCALES = ['en', 'zh-CN', 'zh-TW'] as const;
const WIDTHS = [280, 375, 1280] as const;
/** Cards with a short and a long reason, with and without a list price, a verified and a plain creator. */
const RECS = ['rec-lin-serum', 'rec-lin-tea', 'rec-sam-earbuds', 'rec-sam-hostile'];

const page = (locale: string) => `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>skeleton</title>
<style>body { margin: 0; } .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; } .tile { width: 180px; } .line { width: 100%; }</style>
<link rel="stylesheet" href="/vitrine.css">
<script src="/vitrine.js" data-api="${API}" data-locale="${locale}" data-consent="granted" async></script>
</head><body>
${LAYOUTS.map((layout) => `<div class="row">${RECS.map((rec) => `<div class="${layout === 'tile' ? 'tile' : 'line'}"><vitrine-card rec="${rec}" layout="${layout}"></vitrine-card></div>`).join('')}</div>`).join('\n')}
</body></html>
`;

/** Each card's box: layout, rec, height and width, and whether it is a skeleton. */
function boxes(target: Page) {
  return target.evaluate(() =>
    [...document.querySelectorAll('vitrine-card')].map((card) => {
      const { height, width } = card.getBoundingClientRect();
      const skeleton = Boolean(card.shadowRoot?.querySelector('[part~="skeleton"]'));
      return { key: `${card.getAttribute('layout')} ${card.getAttribute('rec')}`, height: Math.round(height * 10) / 10, width: Math.round(width), skeleton };
    }),
  );
}

let browser: Browser;
let dir: string;
let site: Awaited<ReturnType<typeof scriptTagSite>> | undefined;

describe.skipIf(!chromiumPath)('skeletons have the size of their cards', () => {
  beforeAll(async () => {
    site = await scriptTagSite('vitrine-skeleton-', Object.fromEntries(LOCALES.map((locale) => [`${locale}.html`, page(locale)])));
    dir = site.dir;
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.remove();
  });

  for (const locale of LOCALES) {
    test(`${locale}: every layout at ${WIDTHS.join(' / ')} px, before and after the data arrives, no layout shift`, async () => {
      const mismatches: string[] = [];
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 4000 }, locale, reducedMotion: 'reduce' });
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let define!: () => void;
        const code = new Promise<void>((resolve) => (define = resolve));
        const { page: target, problems } = await openApp(context, dir, {
          path: `/${locale}.html`,
          beforeApi: (url) => (url.pathname === '/v1/cards' ? held : Promise.resolve()),
          // The card's code is held back too: first the undefined cards, sized by vitrine.css alone.
          beforeFile: (path) => (path.startsWith('/embed/card-') ? code : Promise.resolve()),
        });
        await target.waitForFunction(() => document.readyState === 'complete' || document.querySelectorAll('vitrine-card').length > 0);
        await target.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        expect(await target.evaluate(() => customElements.get('vitrine-card'))).toBeUndefined();
        const undefinedBoxes = await boxes(target);
        await target.evaluate(() => {
          // Each shift with what moved (the shifted node, the card it is in, and its rects), so a failure says where to look.
          const shifts: string[] = [];
          (window as unknown as { shifts: string[] }).shifts = shifts;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
              const shift = entry as PerformanceEntry & { value: number; sources?: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] };
              // The shift is recorded first: describing it must never lose it.
              const index = shifts.push(shift.value.toFixed(4)) - 1;
              const moved = (shift.sources ?? []).map(({ node, previousRect: from, currentRect: to }) => {
                const root = node?.getRootNode();
                const card = root instanceof ShadowRoot ? root.host : null;
                const where = card ? `${card.getAttribute('layout')} ${card.getAttribute('rec')} ` : '';
                const name = node instanceof Element ? `${node.localName}${node.classList.length ? `.${[...node.classList].join('.')}` : ''}` : (node?.nodeName ?? '?');
                return `${where}${name} ${from.x},${from.y} ${from.width}×${from.height} → ${to.x},${to.y} ${to.width}×${to.height}`;
              });
              shifts[index] = `${shifts[index]} (${moved.join('; ')})`;
            }
          }).observe({ type: 'layout-shift' });
        });
        define();
        await target.waitForFunction((count) => [...document.querySelectorAll('vitrine-card')].filter((card) => card.shadowRoot?.querySelector('[part~="skeleton"]')).length === count, RECS.length * LAYOUTS.length);
        const before = await boxes(target);
        release();
        await target.waitForFunction(() => [...document.querySelectorAll('vitrine-card')].every((card) => card.shadowRoot?.querySelector('[part~="title"]')));
        await target.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const after = await boxes(target);
        for (const [index, skeleton] of before.entries()) {
          const card = after[index]!;
          const pending = undefinedBoxes[index]!;
          if (Math.abs(pending.height - card.height) > 0.5 || pending.width !== card.width) mismatches.push(`${width}px ${card.key}: undefined ${pending.width}×${pending.height}, card ${card.width}×${card.height}`);
          expect(skeleton.skeleton && !card.skeleton).toBe(true);
          if (Math.abs(skeleton.height - card.height) > 0.5 || skeleton.width !== card.width) mismatches.push(`${width}px ${card.key}: skeleton ${skeleton.width}×${skeleton.height}, card ${card.width}×${card.height}`);
        }
        const shifts = await target.evaluate(() => (window as unknown as { shifts: string[] }).shifts);
        if (shifts.length) mismatches.push(`${width}px: layout shifts ${shifts.join(', ')}`);
        expect(problems).toEqual([]);
        await context.close();
      }
      expect(mismatches).toEqual([]);
    });
  }
});
