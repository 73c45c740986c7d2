import { describe, expect, it } from 'vitest';
import { fixtures } from '../testing/fixtures.js';
import { escapeHtml, jsonForScript } from './html.js';
import { cardJsonLd, decimalPrice, prosAndCons } from './jsonld.js';
import { negotiateLocale } from './locale.js';
import { unfurlTags } from './meta.js';
import { goUrl, offerByKey, offerKey, safeOffers } from './offers.js';
import { cardSnippet, fallbackText } from './snippet.js';

describe('markup pieces for pages where scripts do not run', () => {
  it('writes exact decimal prices from minor units, for every currency exponent', () => {
    expect(decimalPrice({ amount: 12900, currency: 'CNY' })).toBe('129.00');
    expect(decimalPrice({ amount: 5, currency: 'USD' })).toBe('0.05');
    expect(decimalPrice({ amount: 1500, currency: 'JPY' })).toBe('1500');
    expect(decimalPrice({ amount: 1234, currency: 'KWD' })).toBe('1.234');
    expect(decimalPrice({ amount: -250, currency: 'EUR' })).toBe('-2.50');
    expect(decimalPrice({ amount: 9_007_199_254_740_991, currency: 'CNY' })).toBe('90071992547409.91');
  });

  it('reads pros and cons from +/- lines of a reason, leaving prose out', () => {
    expect(prosAndCons('Great for travel.\n+ Light\n  + long battery \n- pricey\n− no case\n👍 quiet\n👎 slow charge\nNot a list - just prose')).toEqual({
      pros: ['Light', 'long battery', 'quiet'],
      cons: ['pricey', 'no case', 'slow charge'],
    });
    const card = fixtures.card('rec-lin-serum');
    const ld = cardJsonLd({ ...card, recommendation: { ...card.recommendation, reason: 'Good.\n+ light\n- sticky dropper' } });
    expect(ld['review']).toMatchObject({ positiveNotes: { itemListElement: [{ position: 1, name: 'light' }] }, negativeNotes: { itemListElement: [{ name: 'sticky dropper' }] } });
    expect(cardJsonLd(card)['review']).not.toHaveProperty('positiveNotes');
  });

  it('describes only offers a reader may follow, and never an unsafe image', () => {
    const card = fixtures.card('rec-sam-earbuds');
    const tampered = {
      ...card,
      product: {
        ...card.product,
        images: [{ ...card.product.images[0]!, src: 'javascript:alert(1)' }, ...card.product.images.slice(1)],
        offers: [{ ...card.product.offers[0]!, url: 'https://phish.example/p' }, ...card.product.offers.slice(1)],
      },
    };
    const ld = cardJsonLd(tampered, { platformUrl: 'https://vitrine.example' });
    expect(ld['offers']).toHaveLength(card.product.offers.length - 1);
    expect(JSON.stringify(ld)).not.toContain('phish.example');
    expect(JSON.stringify(ld)).not.toContain('javascript:');
    expect(safeOffers(tampered).map(({ offer }) => offer)).not.toContain(tampered.product.offers[0]);
  });

  it('puts the featured offer first, as the elements do: the creator’s shop, or what replaces it when sold out', () => {
    const card = fixtures.card('rec-sam-earbuds');
    const ranked = safeOffers(card).map(({ partner }) => partner.id);
    expect(ranked.length).toBeGreaterThan(1);
    // The creator published the link of the shop ranked last: its offer leads the share page, the snippet and the unfurl.
    const shop = ranked.at(-1)!;
    const chosen = { ...card, recommendation: { ...card.recommendation, partnerId: shop } };
    expect(safeOffers(chosen).map(({ partner }) => partner.id)).toEqual([shop, ...ranked.slice(0, -1)]);
    const price = chosen.product.offers.find((offer) => offer.partnerId === shop)!.price;
    expect(unfurlTags(chosen, { url: 'https://vitrine.example/r/x', locale: 'en', siteName: 'V' }).find((tag) => tag.key === 'product:price:amount')?.content).toBe(decimalPrice(price));
    expect(fallbackText(chosen, 'en')).toContain(chosen.partners.find((partner) => partner.id === shop)!.name);
    // Sold out there: the buyable offer the card swaps to comes first.
    const soldOut = { ...chosen, product: { ...chosen.product, offers: chosen.product.offers.map((offer) => (offer.partnerId === shop ? { ...offer, stock: 'out_of_stock' as const } : offer)) } };
    expect(safeOffers(soldOut)[0]!.partner.id).not.toBe(shop);
    expect(safeOffers(soldOut)[0]!.offer.stock).not.toBe('out_of_stock');
  });

  it('keys offers by partner, and by position when one partner has several', () => {
    const card = fixtures.card('rec-lin-serum');
    const [first] = card.product.offers;
    expect(offerKey(card, first!)).toBe(first!.partnerId);
    const twice = { ...card, product: { ...card.product, offers: [first!, { ...first!, sku: 'OTHER' }] } };
    expect(twice.product.offers.map((offer) => offerKey(twice, offer))).toEqual([`${first!.partnerId}.0`, `${first!.partnerId}.1`]);
    expect(offerByKey(twice, `${first!.partnerId}.1`)).toBe(twice.product.offers[1]);
    expect(offerByKey(twice, 'nope')).toBeUndefined();
    expect(goUrl('https://vitrine.example/api/', card, first!, { trigger: 'qr', clickId: 'AAAAAAAAAAAAAAAAAAAAAA' })).toBe(
      `https://vitrine.example/api/go/rec-lin-serum?offer=${first!.partnerId}&via=qr&click=AAAAAAAAAAAAAAAAAAAAAA`,
    );
  });

  it('keeps JSON data blocks closed and HTML text inert', () => {
    const hostile = '</script><script>alert(1)</script><!-- \u2028';
    const json = jsonForScript({ hostile });
    expect(json).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(json)).toEqual({ hostile });
    expect(escapeHtml(`"'<a>&`)).toBe('&#34;&#39;&#60;a&#62;&#38;');
  });

  it('builds a fallback snippet that is one escaped, disclosed link to the share page', () => {
    const card = fixtures.card('rec-lin-serum');
    const hostile = { ...card, product: { ...card.product, title: '<img src=x onerror=alert(1)>"' } };
    const snippet = cardSnippet(hostile, { platformUrl: 'https://vitrine.example/' });
    expect(snippet).toMatch(/^<vitrine-card rec="rec-lin-serum"><a href="https:\/\/vitrine\.example\/r\/rec-lin-serum" rel="sponsored">[^<>]*<\/a><\/vitrine-card>$/);
    expect(snippet).toContain('广告');
    expect(fallbackText(card, 'en')).toMatch(/ · Ad · I earn a commission$/);
    const undisclosed = { ...card, recommendation: { ...card.recommendation, disclosure: 'none' as const } };
    expect(fallbackText(undisclosed, 'en')).not.toContain('Ad');
  });

  it('negotiates the locale: ?locale= first, then Accept-Language by weight, then the fallback', () => {
    expect(negotiateLocale('zh-TW', 'en')).toBe('zh-TW');
    expect(negotiateLocale('fr', 'en;q=0.2, zh-HK;q=0.8')).toBe('zh-TW');
    expect(negotiateLocale(null, 'zh')).toBe('zh-CN');
    expect(negotiateLocale(null, 'zh-Hans-CN, en;q=0.5')).toBe('zh-CN');
    expect(negotiateLocale(null, 'de-DE, fr;q=0.9')).toBe('en');
    expect(negotiateLocale(null, 'de-DE', 'zh-CN')).toBe('zh-CN');
    expect(negotiateLocale(null, 'en;q=0, zh-TW;q=0.1')).toBe('zh-TW');
    expect(negotiateLocale(null, '*;q=0.5, <script>')).toBe('en');
  });

  it('keeps the unfurl description short enough for the first 2 KB, disclosure first', () => {
    const card = fixtures.card('rec-lin-serum');
    const long = { ...card, recommendation: { ...card.recommendation, reason: '很'.repeat(2000) } };
    const description = unfurlTags(long, { url: 'https://vitrine.example/r/x', locale: 'zh-CN', siteName: 'V' }).find((tag) => tag.key === 'og:description')!;
    expect(description.content.length).toBeLessThanOrEqual(160);
    expect(description.content.startsWith('广告 · ')).toBe(true);
  });
});
