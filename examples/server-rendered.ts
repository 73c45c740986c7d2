/**
 * Two pages the demo pages server renders on each request:
 *
 * - `/ssr.html`: what an integrator with their own server rendering (Next.js,
 *   Astro, a template engine) writes: cards from the platform API, rendered
 *   with `renderCardHtml` and described with `cardJsonLd` in the initial
 *   HTML, hydrated by `vitrine-hydrate.js` when scripts run.
 * - `/no-script.html`: "where scripts don't run": the share page, the
 *   link-in-bio page, an oEmbed consumer's embed, the fallback snippet as an
 *   RSS reader or e-mail shows it, QR codes and a share code, all without a
 *   single script on the page.
 */
import { CardPayload, cardSnippet } from 'vitrine';
import { cardJsonLd, jsonForScript, renderCardHtml } from 'vitrine/ssr';

const escape = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

async function cards(platformUrl: string, ids: string[]): Promise<CardPayload[]> {
  const response = await fetch(`${platformUrl}/v1/cards?ids=${ids.join(',')}`);
  if (!response.ok) throw new Error(`GET /v1/cards answered ${response.status}`);
  const body = (await response.json()) as { cards: unknown[] };
  // Validate where data enters, as the SDK's client does.
  return body.cards.flatMap((card) => {
    const parsed = CardPayload.safeParse(card);
    return parsed.success ? [parsed.data] : [];
  });
}

function shell(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/site.css">
<link rel="icon" href="/favicon.svg">
${head}
</head>
<body>
<header class="site-header"><a href="/">Vitrine demo</a></header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** `/ssr.html`: a blog post rendered on the server with `renderCardHtml` and `cardJsonLd`. */
export async function ssrPage(platformUrl: string): Promise<string> {
  const list = await cards(platformUrl, ['rec-lin-serum', 'rec-sam-earbuds']);
  const rendered = await Promise.all(list.map((card) => renderCardHtml(card, { locale: 'zh-CN', redirect: platformUrl, api: platformUrl, headingLevel: 2 })));
  const jsonLd = list.map((card) => `<script type="application/ld+json">${jsonForScript(cardJsonLd(card, { platformUrl }))}</script>`).join('\n');
  return shell(
    'Server-rendered cards — Vitrine demo',
    jsonLd,
    `<h1>服务端渲染的卡片 <span lang="en">Server-rendered cards</span></h1>
<p>这一页由页面服务器用 <code>renderCardHtml</code> 渲染（Lit SSR，声明式 Shadow DOM）：没有脚本也能看到卡片并购买；脚本运行后原地激活（hydration），不重新渲染。
<span lang="en">This page is rendered by the pages server with <code>renderCardHtml</code> (Lit SSR, declarative shadow DOM): the cards show and sell without scripts, and hydrate in place when the script runs.</span></p>
${rendered.join('\n')}
<script type="application/json" id="vitrine-cards">${jsonForScript(list)}</script>
<script src="/dist/vitrine-hydrate.js" data-api="${escape(platformUrl)}" data-locale="zh-CN" defer></script>`,
  );
}

/** `/no-script.html`: every way a card reaches readers where no script runs. */
export async function noScriptPage(platformUrl: string): Promise<string> {
  const [serum, charger] = await cards(platformUrl, ['rec-lin-serum', 'rec-sam-charger']);
  if (!serum || !charger) throw new Error('The demo catalog lacks lin-serum or sam-charger');
  const shareUrl = `${platformUrl}/r/${serum.recommendation.id}`;
  // An oEmbed consumer (a microblog, a CMS): discover the endpoint in the page, ask it, embed its HTML.
  const page = await (await fetch(shareUrl)).text();
  const discovery = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(page)?.[1]?.replace(/&#38;|&amp;/g, '&');
  const oembed = discovery ? ((await (await fetch(discovery)).json()) as { html: string; title: string }) : undefined;
  const share = (await (await fetch(`${platformUrl}/v1/cards/${serum.recommendation.id}/share`)).json()) as { code: string; tokenUrl: string };
  const snippet = cardSnippet(serum, { platformUrl, locale: 'zh-CN' });
  return shell(
    'Where scripts don’t run — Vitrine demo',
    '',
    `<h1>脚本不运行的地方 <span lang="en">Where scripts don’t run</span></h1>
<p>微博、聊天软件、托管博客、RSS 阅读器和邮件都不运行第三方脚本。每条推荐都有自己的网址，在这些地方照样能用。本页没有任何脚本。
<span lang="en">Microblogs, chat apps, hosted blogs, RSS readers and e-mail run no third-party script. Every recommendation has its own URL that works there. This page has no script at all.</span></p>

<section aria-labelledby="share-page">
<h2 id="share-page">分享页 <span lang="en">The share page</span></h2>
<p><a href="${escape(shareUrl)}">${escape(shareUrl)}</a>: 服务端渲染，带 Open Graph / Twitter 标签（微博、微信、Slack 据此生成预览）、JSON-LD 搜索摘要，关掉 JavaScript 也能购买。
<span lang="en">server-rendered, with Open Graph / Twitter tags for unfurls, JSON-LD for search, and buyable with JavaScript off.</span></p>
<p><a href="${escape(`${platformUrl}/@${serum.creator.handle}`)}">@${escape(serum.creator.handle)}</a>: 达人的主页橱窗（link-in-bio），用普通链接翻页。<span lang="en">the creator’s link-in-bio shop, paginated by plain links.</span></p>
</section>

<section aria-labelledby="oembed">
<h2 id="oembed">oEmbed 嵌入 <span lang="en">Embedded by an oEmbed consumer</span></h2>
<p>一个 CMS 在分享页里发现 oEmbed 地址，取回下面这段 HTML（沙盒 iframe）。<span lang="en">A CMS discovered the oEmbed endpoint in the share page and embedded the HTML it returned (a sandboxed iframe).</span></p>
<div class="oembed">${oembed?.html ?? '<p>oEmbed discovery failed.</p>'}</div>
</section>

<section aria-labelledby="fallback">
<h2 id="fallback">RSS 与邮件里的后备内容 <span lang="en">The fallback in RSS and e-mail</span></h2>
<p>作曲器给出的嵌入代码里，<code>&lt;vitrine-card&gt;</code> 包着一个链接；脚本被去掉时，读者看到的是这个带广告标注的链接：
<span lang="en">The composer’s snippet wraps a link in <code>&lt;vitrine-card&gt;</code>; where the script is stripped, readers get this disclosed link:</span></p>
<blockquote>${snippet}</blockquote>
<pre><code>${escape(snippet)}</code></pre>
</section>

<section aria-labelledby="qr">
<h2 id="qr">二维码 <span lang="en">QR codes</span></h2>
<p><img src="${escape(`${shareUrl}/qr.svg`)}" width="160" height="160" alt="${escape(`${serum.product.title} 的二维码`)}">
扫码计为一次点击（trigger: qr）。<span lang="en">A scan counts as a click (trigger: qr).</span></p>
<p><img src="${escape(`${platformUrl}/r/${charger.recommendation.id}/qr.svg`)}" width="160" height="160" alt="${escape(`${charger.product.title} 的二维码`)}">
${escape(charger.partners[0]?.name ?? '')} 不允许线下推广计佣：这个二维码直接打开商家页面，不带归因。
<span lang="en">This partner pays no commission offline: this code opens the shop without attribution.</span></p>
</section>

<section aria-labelledby="token">
<h2 id="token">分享口令 <span lang="en">Share code</span></h2>
<p>在屏蔽链接的应用里，复制口令 <code>${escape(share.code)}</code>，在分享页的口令框里输入，或打开 <a href="${escape(share.tokenUrl)}">${escape(share.tokenUrl)}</a>。
<span lang="en">In apps that block links, copy the code and enter it in any share page’s code box, or open the link.</span></p>
</section>`,
  );
}
