/**
 * API requests of a blog post with 100 cards (the bench's page, issue 10): the
 * script tag, a paragraph before each card, the demo catalog's cards cycled,
 * one of every five sold out everywhere (its card shows the creator's other
 * picks). Without scrolling, the cards near the viewport share one request and
 * nothing else is asked for; a sold-out card fetches its picks once the reader
 * is about to see it. Counts, never timings.
 */
import { describe, expect, test } from 'vitest';
import { API, openApp } from '../consumer/page.ts';
import { findChromium } from './chromium.ts';
import { useScriptTagSite } from './script-tag-site.ts';

const chromiumPath = findChromium();
if (!chromiumPath && process.env['CI']) throw new Error('The browser suite needs Chromium under CI: install Debian\'s "chromium" or set CHROMIUM_PATH.');

const COUNT = 100;
/** The bench's five products, the last one sold out everywhere. */
const RECS = ['rec-lin-serum', 'rec-lin-sunscreen', 'rec-lin-tea', 'rec-lin-hotpot', 'rec-lin-mooncake'];
const SOLD_OUT = 4;
const PARAGRAPH = 'A paragraph of the post, long enough to wrap on a phone and on a wide screen alike, about what the creator tried this week. '.repeat(2);

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>requests</title>
<script src="/vitrine.js" data-api="${API}" data-locale="en" data-consent="granted" async></script>
<style>body { margin: 0 auto; max-width: 720px; font: 16px/1.5 sans-serif; }</style>
</head><body>
<h1>What I bought this month</h1>
<p>${PARAGRAPH}</p>
${Array.from({ length: COUNT }, (_, index) => `<p>${PARAGRAPH}</p>\n<vitrine-card rec="${RECS[index % RECS.length]}"></vitrine-card>`).join('\n')}
</body></html>
`;


const suite = useScriptTagSite(chromiumPath, 'vitrine-requests-', { 'index.html': page });

describe.skipIf(!chromiumPath)('API requests of a page with 100 cards', () => {
  test('the cards near the viewport share one request; a sold-out card asks for its picks only when the reader comes to it', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en', reducedMotion: 'reduce' });
    const requests: string[] = [];
    const { page: target, problems } = await openApp(context, suite.dir, {
      beforeApi: async (url) => {
        requests.push(url.pathname);
      },
    });
    await target.waitForFunction(() => document.querySelector('vitrine-card')?.shadowRoot?.querySelector('[part~="title"]'));
    // Every card that came near is shown, and the page is quiet (two more frames, a moment for any late request).
    await target.waitForFunction(() => {
      const near = [...document.querySelectorAll('vitrine-card')].filter((card) => card.getBoundingClientRect().top < innerHeight * 2.5);
      return near.every((card) => card.shadowRoot?.querySelector('[part~="title"]'));
    });
    await target.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    // The sold-out card is out of the nearer margin (half a viewport below it), or the test proves nothing.
    expect(await target.evaluate((index) => document.querySelectorAll('vitrine-card')[index]!.getBoundingClientRect().top > innerHeight * 1.5, SOLD_OUT)).toBe(true);
    expect(requests).toEqual(['/v1/cards']);

    await target.evaluate((index) => document.querySelectorAll('vitrine-card')[index]!.scrollIntoView({ block: 'center' }), SOLD_OUT);
    await expect.poll(() => target.evaluate((index) => document.querySelectorAll('vitrine-card')[index]!.shadowRoot!.querySelectorAll('[part~="pick"]').length, SOLD_OUT)).toBeGreaterThan(0);
    expect(requests.filter((path) => path.endsWith('/showcase'))).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
