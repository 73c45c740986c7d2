// @vitest-environment node
/**
 * The share routes of the platform with the elements server-rendered by
 * vitrine/ssr (a cross-cutting suite: src/ never imports components/).
 */
import decodeQR from 'qr/decode.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderCardHtml } from '../../components/ssr/index.js';
import { formatMoney } from '../../src/i18n/format.js';
import { LINK_PARAMS, type AttributionEvent } from '../../src/model/attribution.js';
import { catalog, fixtures } from '../../src/testing/fixtures.js';
import { parseCatalog } from '../../src/platform/catalog.js';
import { createPlatform, type Platform } from '../../src/platform/platform.js';
import { createMemoryStore } from '../../src/platform/store/memory.js';
import type { PlatformStore } from '../../src/platform/store/store.js';

const BASE = 'https://vitrine.example';
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
/** One user agent per unfurler and crawler the issue names. */
const BOTS = {
  facebook: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  twitter: 'Twitterbot/1.0',
  slack: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  discord: 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  telegram: 'TelegramBot (like TwitterBot)',
  whatsapp: 'WhatsApp/2.23.20.0',
  google: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  bing: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  baidu: 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
};

let store: PlatformStore;
let platform: Platform;
let clock: number;

function setup() {
  clock = Date.parse('2026-11-20T08:00:00Z');
  store = createMemoryStore(parseCatalog(catalog, 'fixtures'));
  platform = createPlatform({ store, now: () => clock, share: { render: renderCardHtml, script: `${BASE}/assets/vitrine-hydrate.js`, siteName: 'Vitrine Demo' } });
}
beforeEach(setup);

function get(path: string, headers: Record<string, string> = {}, context = {}): Promise<Response> {
  return platform.fetch(new Request(BASE + path, { headers: { 'user-agent': BROWSER, ...headers } }), context);
}
async function clicks(recommendationId: string): Promise<number> {
  const card = fixtures.card(recommendationId);
  const stats = await store.creatorStats(card.creator.id);
  return stats.find((entry) => entry.recommendationId === recommendationId)?.clicks ?? 0;
}
const metaContent = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)">`).exec(html)?.[1];

describe('GET /r/{id}: the share page', () => {
  it('is server-rendered: the buy sheet inline in declarative shadow DOM, every offer with its /go/ link', async () => {
    const response = await get('/r/rec-sam-earbuds');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const card = fixtures.card('rec-sam-earbuds');
    expect(html).toContain('<vitrine-buy-sheet');
    expect(html).toMatch(/<template shadowroot="open" shadowrootmode="open"><style>/);
    expect(html).toContain(card.recommendation.reason.slice(0, 40));
    for (const offer of card.product.offers) {
      expect(html).toContain(`href="${BASE}/go/rec-sam-earbuds?offer=${offer.partnerId}"`);
      expect(html).toContain(formatMoney(offer.price, 'en'));
    }
    // The raw partner URLs never appear as links: a click always goes through /go/.
    for (const offer of card.product.offers) expect(html).not.toContain(`href="${offer.url}`);
  });

  it('carries the unfurl tags and the oEmbed discovery link in its first 2 KB', async () => {
    const html = await (await get('/r/rec-lin-serum', { 'accept-language': 'zh-CN' })).text();
    const head = new TextDecoder().decode(new TextEncoder().encode(html).slice(0, 2048));
    const card = fixtures.card('rec-lin-serum');
    expect(metaContent(head, 'og:type')).toBe('product');
    expect(metaContent(head, 'og:title')).toContain(card.product.title);
    expect(metaContent(head, 'og:description')).toContain('广告');
    expect(metaContent(head, 'og:url')).toBe(`${BASE}/r/rec-lin-serum`);
    expect(metaContent(head, 'og:image')).toBe(card.product.images[0]!.src);
    expect(metaContent(head, 'og:image:width')).toBe(String(card.product.images[0]!.width));
    expect(metaContent(head, 'og:image:height')).toBe(String(card.product.images[0]!.height));
    expect(metaContent(head, 'product:price:amount')).toMatch(/^\d+\.\d{2}$/);
    expect(metaContent(head, 'product:price:currency')).toBe('CNY');
    expect(metaContent(head, 'og:site_name')).toBe('Vitrine Demo');
    expect(metaContent(head, 'twitter:card')).toBe('summary_large_image');
    expect(head).toContain(`<link rel="alternate" type="application/json+oembed" href="${BASE}/oembed?url=${encodeURIComponent(`${BASE}/r/rec-lin-serum`)}&#38;format=json"`);
  });

  it('speaks the reader’s language: ?locale= first, then Accept-Language by weight', async () => {
    const lang = async (path: string, accept?: string) => /<html lang="([^"]+)">/.exec(await (await get(path, accept ? { 'accept-language': accept } : {})).text())?.[1];
    expect(await lang('/r/rec-lin-serum', 'zh-TW,zh;q=0.8')).toBe('zh-TW');
    expect(await lang('/r/rec-lin-serum', 'fr-FR,zh-CN;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(await lang('/r/rec-lin-serum', 'en-GB;q=0.5, zh-Hant;q=0.9')).toBe('zh-TW');
    expect(await lang('/r/rec-lin-serum?locale=en', 'zh-CN')).toBe('en');
    expect(await lang('/r/rec-lin-serum')).toBe('en');
    const html = await (await get('/r/rec-lin-serum', { 'accept-language': 'zh-CN' })).text();
    expect(html).toContain('¥');
    expect(html).toContain('在售商家');
  });

  it('has JSON-LD Product, Offers and Review whose prices are the rendered prices, without merchant-only properties', async () => {
    const html = await (await get('/r/rec-sam-earbuds?locale=en')).text();
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!);
    const card = fixtures.card('rec-sam-earbuds');
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'Product', name: card.product.title });
    expect(ld.review).toMatchObject({ '@type': 'Review', author: { '@type': 'Person', name: card.creator.name }, reviewBody: card.recommendation.reason });
    const rendered = [...html.matchAll(/<span part="price" class="price">[\s\S]*?<!--lit-part-->([^<]+)<!--\/lit-part--><\/span>/g)].map((match) => match[1]).slice(-card.product.offers.length);
    const fromLd = ld.offers.map((offer: { price: string; priceCurrency: string }) => {
      const [units, cents = ''] = offer.price.split('.');
      return formatMoney({ amount: Number(units + cents), currency: offer.priceCurrency }, 'en');
    });
    expect(fromLd.sort()).toEqual([...rendered].sort());
    for (const offer of ld.offers) expect(offer.url).toMatch(new RegExp(`^${BASE}/go/rec-sam-earbuds\\?offer=`));
    const text = JSON.stringify(ld);
    for (const merchantOnly of ['shippingDetails', 'hasMerchantReturnPolicy', 'gtin', 'priceValidUntil', 'aggregateRating']) expect(text).not.toContain(merchantOnly);
  });

  it('sends a strict CSP: hashed styles, exact image origins, the script origin only', async () => {
    const response = await get('/r/rec-lin-serum');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'( 'sha256-[A-Za-z0-9+/=]+')+;/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`script-src ${BASE};`);
    expect(csp).toContain('img-src https://vitrine.example https://img.vitrine.test;');
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).not.toMatch(/ style="/);
    expect(html).toContain(`<script src="${BASE}/assets/vitrine-hydrate.js" data-api="${BASE}" defer></script>`);
    const island = JSON.parse(/<script type="application\/json" id="vitrine-cards">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(island).toEqual([fixtures.card('rec-lin-serum')]);
  });

  it('renders plain HTML of the same content when no renderer is given (no @lit-labs/ssr needed)', async () => {
    platform = createPlatform({ store, share: {} });
    const html = await (await get('/r/rec-sam-earbuds?locale=en')).text();
    const card = fixtures.card('rec-sam-earbuds');
    expect(html).toContain('<article class="vitrine-plain"');
    expect(html).not.toContain('<vitrine-');
    expect(html).toContain(card.product.title);
    for (const offer of card.product.offers) {
      expect(html).toContain(`href="${BASE}/go/rec-sam-earbuds?offer=${offer.partnerId}"`);
      expect(html).toContain(formatMoney(offer.price, 'en'));
    }
    expect(html).toContain('<script type="application/ld+json">');
  });

  it('answers an unknown recommendation with a 404 page, not indexed', async () => {
    const response = await get('/r/rec-nope');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<meta name="robots" content="noindex">');
  });

  it('serves every bot 200 with the tags, and counts nothing', async () => {
    for (const [name, agent] of Object.entries(BOTS)) {
      const response = await get('/r/rec-lin-serum', { 'user-agent': agent });
      expect(response.status, name).toBe(200);
      expect(metaContent(await response.text(), 'og:type'), name).toBe('product');
    }
    expect(await clicks('rec-lin-serum')).toBe(0);
  });
});

describe('GET /go/{id}?offer=: the server-side click', () => {
  it('mints a click id, records the click (trigger go) and answers 302 to the decorated allow-listed link', async () => {
    const response = await get('/go/rec-lin-serum?offer=partner-hanfang');
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const location = new URL(response.headers.get('location')!);
    expect(location.hostname).toBe('shop.hanfang.example');
    const clickId = location.searchParams.get(LINK_PARAMS.clickId)!;
    expect(clickId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(location.searchParams.get(LINK_PARAMS.creator)).toBe('creator-lin');
    expect(location.searchParams.get(LINK_PARAMS.recommendation)).toBe('rec-lin-serum');
    expect(await store.touchesByClickIds([clickId])).toEqual([{ clickId, partnerId: 'partner-hanfang', creatorId: 'creator-lin', recommendationId: 'rec-lin-serum', at: new Date(clock).toISOString() }]);
    expect(await clicks('rec-lin-serum')).toBe(1);
  });

  it('uses the browser’s click id once, and mints a new one for a reused link', async () => {
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    const first = new URL((await get(`/go/rec-lin-serum?offer=partner-hanfang&click=${id}`)).headers.get('location')!);
    expect(first.searchParams.get(LINK_PARAMS.clickId)).toBe(id);
    const again = new URL((await get(`/go/rec-lin-serum?offer=partner-hanfang&click=${id}`)).headers.get('location')!);
    expect(again.searchParams.get(LINK_PARAMS.clickId)).not.toBe(id);
    const bad = new URL((await get('/go/rec-lin-serum?offer=partner-hanfang&click=short')).headers.get('location')!);
    expect(bad.searchParams.get(LINK_PARAMS.clickId)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await clicks('rec-lin-serum')).toBe(3);
  });

  it('records a swap when the reader follows the offer that replaces the creator’s sold-out shop', async () => {
    const stored: AttributionEvent[] = [];
    const insert = store.insertEvents.bind(store);
    store.insertEvents = (events) => (stored.push(...events), insert(events));
    // Events are stored inside a transaction (with the change notice for live stats).
    const transaction = store.transaction.bind(store);
    store.transaction = (fn) => transaction((tx) => fn({ ...tx, insertEvents: (events) => (stored.push(...events), tx.insertEvents(events)) }));
    // rec-lin-tea: published at Hanfang, sold out there; the card features Jingxuan's offer.
    const swapped = await get('/go/rec-lin-tea');
    expect(new URL(swapped.headers.get('location')!).hostname).toBe('item.jingxuan.example');
    const direct = await get('/go/rec-lin-serum?offer=partner-hanfang');
    expect(direct.status).toBe(302);
    expect(stored.map((event) => [event.recommendationId, event.partnerId, event.swappedFrom])).toEqual([
      ['rec-lin-tea', 'partner-jingxuan', 'partner-hanfang'],
      ['rec-lin-serum', 'partner-hanfang', undefined],
    ]);
  });

  it('answers a prefetch or prerender 503 without minting, and a bot or a HEAD request with the plain link', async () => {
    for (const headers of [{ 'sec-purpose': 'prefetch' }, { 'sec-purpose': 'prefetch;prerender' }, { purpose: 'prefetch' }, { 'x-moz': 'prefetch' }]) {
      const response = await get('/go/rec-lin-serum?offer=partner-hanfang', headers);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('0');
      expect(response.headers.get('location')).toBeNull();
    }
    for (const agent of [...Object.values(BOTS), '']) {
      const response = await get('/go/rec-lin-serum?offer=partner-hanfang', { 'user-agent': agent });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(fixtures.card('rec-lin-serum').product.offers.find((offer) => offer.partnerId === 'partner-hanfang')!.url);
    }
    const head = await platform.fetch(new Request(`${BASE}/go/rec-lin-serum?offer=partner-hanfang`, { method: 'HEAD', headers: { 'user-agent': BROWSER } }));
    expect(head.status).toBe(302);
    expect(new URL(head.headers.get('location')!).searchParams.get(LINK_PARAMS.clickId)).toBeNull();
    expect(await clicks('rec-lin-serum')).toBe(0);
  });

  it('picks the best safe offer without ?offer=, and 404s an offer that is not there', async () => {
    expect((await get('/go/rec-lin-serum')).status).toBe(302);
    expect((await get('/go/rec-lin-serum?offer=partner-nope')).status).toBe(404);
    expect((await get('/go/rec-nope?offer=partner-hanfang')).status).toBe(404);
  });
});

describe('QR codes', () => {
  /** Rasterises the SVG's unit-square runs and decodes it with the qr package's reader. */
  function scan(svg: string): string {
    const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
    const scale = 4;
    const width = size * scale;
    const data = new Uint8Array(width * width * 4).fill(255);
    for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < Number(w) * scale; dx++) {
          const offset = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
          data.fill(0, offset, offset + 3);
        }
      }
    }
    return decodeQR({ width, height: width, data });
  }

  it('is deterministic, scans to the /go/ link tagged via=qr, and a scan counts as trigger qr', async () => {
    const [a, b] = await Promise.all([get('/r/rec-lin-serum/qr.svg'), get('/r/rec-lin-serum/qr.svg')]);
    expect(a.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await a.text();
    expect(await b.text()).toBe(svg);
    const target = scan(svg);
    expect(target).toMatch(new RegExp(`^${BASE}/go/rec-lin-serum\\?offer=[\\w.-]+&via=qr$`));
    const scanned = await get(new URL(target).pathname + new URL(target).search);
    const clickId = new URL(scanned.headers.get('location')!).searchParams.get(LINK_PARAMS.clickId)!;
    const [touch] = await store.touchesByClickIds([clickId]);
    expect(touch?.recommendationId).toBe('rec-lin-serum');
  });

  it('links a partner that forbids offline affiliation without attribution, and says why', async () => {
    const card = fixtures.card('rec-sam-charger');
    expect(card.product.offers.every((offer) => offer.partnerId === 'partner-gadgetbay')).toBe(true);
    const target = scan(await (await get('/r/rec-sam-charger/qr.svg')).text());
    expect(target).toBe(card.product.offers[0]!.url);
    const share = await (await get('/v1/cards/rec-sam-charger/share')).json();
    expect(share.qr).toMatchObject({ affiliated: false, note: 'partner_forbids_offline', partnerId: 'partner-gadgetbay' });
    // Even a hand-made via=qr link to such a partner records nothing.
    const response = await get(`/go/rec-sam-charger?offer=partner-gadgetbay&via=qr`);
    expect(response.headers.get('location')).toBe(card.product.offers[0]!.url);
    expect(await clicks('rec-sam-charger')).toBe(0);
  });
});

describe('share tokens', () => {
  it('gives each recommendation one token, resolved by /t/{token} in any typed form', async () => {
    const first = await (await get('/v1/cards/rec-lin-tea/share')).json();
    const second = await (await get('/v1/cards/rec-lin-tea/share')).json();
    expect(first.token).toBe(second.token);
    expect(first.token).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(first.code).toBe(`VT-${first.token.slice(0, 5)}-${first.token.slice(5)}`);
    for (const typed of [first.token, first.code, first.code.toLowerCase()]) {
      const response = await get(`/t/${encodeURIComponent(typed)}`);
      expect(response.status, typed).toBe(302);
      expect(response.headers.get('location')).toBe(`${BASE}/r/rec-lin-tea`);
    }
    const form = await get(`/t?code=${encodeURIComponent(` ${first.code.toLowerCase()} `)}`);
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`${BASE}/t/${first.token}`);
    expect((await get('/v1/cards/rec-nope/share')).status).toBe(404);
  });

  it('answers unknown and malformed tokens, and rate-limits look-ups per client', async () => {
    expect((await get('/t/0000000000')).status).toBe(404);
    expect((await get('/t/nope')).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await get('/t/1111111111', {}, { clientAddress: '203.0.113.9' })).status);
    expect(statuses.slice(0, 8).every((status) => status === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await get('/t/1111111111', {}, { clientAddress: '203.0.113.10' })).status).toBe(404);
  });
});

describe('GET /@{handle}: link-in-bio', () => {
  it('lists the showcase server-rendered, disclosed, paginated by plain links', async () => {
    platform = createPlatform({ store, share: { render: renderCardHtml, pageSize: 2 } });
    const response = await get('/@linxiaolu?locale=en');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.match(/<vitrine-card/g)).toHaveLength(2);
    expect(html).toContain('earns a commission');
    expect(metaContent(html, 'og:type')).toBe('profile');
    const next = /<a href="([^"]+)" rel="next">/.exec(html)![1]!.replace(/&amp;/g, '&');
    const page2 = await (await get(new URL(next).pathname + new URL(next).search)).text();
    expect(page2.match(/<vitrine-card/g)).toHaveLength(2);
    expect(page2).toContain('rel="first"');
    expect((await get('/@LINXIAOLU')).status).toBe(200);
    expect((await get('/@nobody')).status).toBe(404);
  });
});

describe('GET /oembed: provider per oEmbed 1.0', () => {
  it('answers a rich embed: a sandboxed iframe of the embed view, sized within maxwidth/maxheight', async () => {
    const response = await get(`/oembed?url=${encodeURIComponent(`${BASE}/r/rec-lin-serum`)}&maxwidth=360&maxheight=250&format=json`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'Vitrine Demo', author_name: fixtures.card('rec-lin-serum').creator.name, width: 360, height: 250 });
    expect(body.html).toMatch(/^<iframe src="https:\/\/vitrine\.example\/r\/rec-lin-serum\/embed" width="360" height="250" /);
    expect(body.html).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"');
    expect(body.html).not.toContain('allow-scripts');
    const embed = await get('/r/rec-lin-serum/embed');
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(await embed.text()).toContain('<vitrine-card');
  });

  it('embeds a link-in-bio page too', async () => {
    const body = await (await get(`/oembed?url=${encodeURIComponent(`${BASE}/@linxiaolu`)}`)).json();
    expect(body).toMatchObject({ type: 'rich' });
    expect(body.html).toContain(`src="${BASE}/@linxiaolu?view=embed"`);
  });

  it('answers 404 for an unknown or foreign URL, 404 for a missing url, 501 for format=xml', async () => {
    expect((await get(`/oembed?url=${encodeURIComponent(`${BASE}/r/rec-nope`)}`)).status).toBe(404);
    expect((await get(`/oembed?url=${encodeURIComponent('https://elsewhere.example/r/rec-lin-serum')}`)).status).toBe(404);
    expect((await get(`/oembed?url=${encodeURIComponent(`${BASE}/v1/partners`)}`)).status).toBe(404);
    expect((await get('/oembed')).status).toBe(404);
    expect((await get(`/oembed?url=${encodeURIComponent(`${BASE}/r/rec-lin-serum`)}&format=xml`)).status).toBe(501);
  });
});
