/**
 * The bench pages: the same blog post (a heading, an intro, one paragraph
 * before each card, a closing paragraph) with N product cards, made either
 * with Vitrine's script tag or with Shopify's Buy Button JS. Both load their
 * library from one static `<script async>` at the end of the body (found by
 * the preload scanner, never blocking the parser); Vitrine's page also links
 * the snippet's `vitrine.css` in its head (3 KB, the cards' boxes before their
 * code runs); both pages are otherwise byte-for-byte the same layout.
 */
import { recommendationId, storefrontProductNumber } from './catalog.ts';

/** `vitrine` and `buy-button`: N cards; `all-elements`: every Vitrine element once (bytes only). */
export type PageKind = 'vitrine' | 'buy-button' | 'all-elements';

export interface PageOptions {
  count: number;
  pagesOrigin: string;
  apiOrigin: string;
  /** The creator whose stats `<vitrine-stats>` shows on the all-elements page, with their API key. */
  creator?: { id: string; apiKey: string } | undefined;
}

/** The CSS class of the element each Buy Button product is mounted in. */
export const BUY_BUTTON_SLOT = 'bb-product';

const PARAGRAPH =
  '换季的时候我会把常用的东西重新整理一遍，下面这件是我自己买过、用过之后才推荐的。价格和库存以商家页面为准，链接里带有我的推荐信息。';

function layout(title: string, cards: string[], script: string, head = ''): string {
  const body = cards.map((card, index) => `<p>${index + 1}. ${PARAGRAPH}</p>\n${card}`).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { margin: 0; font: 16px/1.6 system-ui, sans-serif; color: #222; background: #fff; }
  main { max-width: 760px; margin: 0 auto; padding: 24px 16px; }
  .${BUY_BUTTON_SLOT}, vitrine-card { display: block; margin: 16px 0; }
</style>
${head}</head>
<body>
<main>
<h1>${title}</h1>
<p>${PARAGRAPH}</p>
${body}
<p>${PARAGRAPH}</p>
</main>
${script}
</body>
</html>
`;
}

/** One HTML attribute value, escaped. */
const attr = (value: string) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderPage(kind: PageKind, options: PageOptions): string {
  const { count, pagesOrigin, apiOrigin } = options;
  const indices = Array.from({ length: count }, (_, index) => index);
  // The recommended snippet's stylesheet: it sizes each card before its code has run (no layout shift).
  const vitrineStyle = `<link rel="stylesheet" href="${pagesOrigin}/dist/vitrine.css">\n`;
  const vitrineScript = `<script async src="${pagesOrigin}/dist/vitrine.js" data-api="${attr(apiOrigin)}" data-creator="creator-lin" data-locale="zh-CN"></script>`;
  switch (kind) {
    case 'vitrine':
      return layout(
        `${count} 件好物（Vitrine）`,
        indices.map((index) => `<vitrine-card rec="${recommendationId(index)}"></vitrine-card>`),
        vitrineScript,
        vitrineStyle,
      );
    case 'buy-button': {
      // The documented npm usage (ShopifyBuy.buildClient + UI.init + createComponent
      // per product), with the defaults a merchant gets: iframes, cart and toggle.
      const domain = new URL(apiOrigin).host;
      const init = `<script>
function benchBuyButtonInit() {
  var client = ShopifyBuy.buildClient({ domain: ${JSON.stringify(domain)}, storefrontAccessToken: 'bench-storefront-token' });
  var ui = ShopifyBuy.UI.init(client);
  var slots = document.querySelectorAll('.${BUY_BUTTON_SLOT}');
  for (var i = 0; i < slots.length; i++) {
    ui.createComponent('product', { id: slots[i].getAttribute('data-product'), node: slots[i], moneyFormat: '¥{{amount}}' });
  }
}
</script>
<script async src="${pagesOrigin}/buy-button/buybutton.min.js" onload="benchBuyButtonInit()"></script>`;
      return layout(
        `${count} 件好物（Buy Button）`,
        indices.map((index) => `<div class="${BUY_BUTTON_SLOT}" data-product="${storefrontProductNumber(index)}"></div>`),
        init,
      );
    }
    case 'all-elements': {
      const creator = options.creator;
      const cards = [
        `<vitrine-card rec="${recommendationId(0)}"></vitrine-card>`,
        `<vitrine-shelf creator="creator-lin" limit="4"></vitrine-shelf>`,
        `<vitrine-buy-sheet rec="${recommendationId(1)}"></vitrine-buy-sheet>`,
        `<vitrine-cart-button></vitrine-cart-button>`,
        `<vitrine-cart></vitrine-cart>`,
        `<vitrine-order-status></vitrine-order-status>`,
        `<vitrine-root api="${attr(apiOrigin)}">${
          creator ? `<vitrine-stats creator="${attr(creator.id)}" api-key="${attr(creator.apiKey)}"></vitrine-stats>` : ''
        }</vitrine-root>`,
      ];
      return layout('Vitrine: every element', cards, vitrineScript);
    }
  }
}
