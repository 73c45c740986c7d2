/**
 * The share routes: every recommendation as a first-class URL that works
 * where scripts do not run. Pages are server-rendered by the `render`
 * function given to `createPlatform({ share })` (`renderCardHtml` of
 * `vitrine/ssr`); clicks are minted and recorded here, never for bots or
 * prefetches.
 */
import { createClickId, createEventId } from '../../attribution/ids.js';
import { decorateLink } from '../../attribution/links.js';
import type { Locale } from '../../i18n/messages.js';
import { featuredOffer } from '../../client/offers.js';
import { safeUrl } from '../../internal/url.js';
import { ClickId, type EventTrigger } from '../../model/attribution.js';
import type { Creator } from '../../model/creator.js';
import type { CardPayload } from '../../model/recommendation.js';
import { escapeHtml } from '../../share/html.js';
import { cardJsonLd } from '../../share/jsonld.js';
import { negotiateLocale } from '../../share/locale.js';
import { shareTitle, unfurlTags } from '../../share/meta.js';
import { goUrl, offerByKey, safeOffers, shareUrl, type SafeOffer } from '../../share/offers.js';
import { recordEvents } from '../domain/events.js';
import { checkId, json, type Route } from '../http.js';
import { PlatformProblem } from '../problem.js';
import type { RateLimiter } from '../rate-limit.js';
import type { RequestContext } from '../routes.js';
import type { PlatformStore } from '../store/store.js';
import { shareMessage, type ShareMessageKey } from './messages.js';
import { htmlResponse, pageHtml, type PageParts, type PageScript } from './pages.js';
import { plainCardHtml } from './plain.js';
import { qrSvg } from './qr.js';
import { createShareToken, formatShareToken, normalizeShareToken } from './tokens.js';
import { invalidTraffic } from './traffic.js';

/** What a share page asks the renderer for. */
export interface CardRenderOptions {
  locale: Locale;
  /** `sheet`: the buy sheet's content inline (the share page); `card`: a card (embed view, link-in-bio). */
  view: 'card' | 'sheet';
  /** The platform's public base URL: buy links go through its `/go/` redirect. */
  redirect: string;
  /** For `card`: the outline level of its title. */
  headingLevel?: number | undefined;
  /** The `api` attribute for hydrated elements, when the page loads the hydration script. */
  api?: string | undefined;
}

/** Server-renders one element for a card; `renderCardHtml` of `vitrine/ssr` is one. */
export type CardHtmlRenderer = (card: CardPayload, options: CardRenderOptions) => Promise<string>;

/** Options of the share pages (`PlatformOptions.share`). */
export interface ShareOptions {
  /**
   * Renders the elements on the server: `renderCardHtml` from `vitrine/ssr`
   * (the cards look and hydrate as they do in the browser). Default: plain
   * semantic HTML of the same content, for runtimes without `@lit-labs/ssr`.
   */
  render?: CardHtmlRenderer | undefined;
  /**
   * The platform's public base URL (origin and path prefix, no trailing
   * slash), used in links, unfurl tags and oEmbed. Default: the request's
   * origin plus `basePath`. Set it behind a proxy that rewrites the host.
   */
  publicUrl?: string | undefined;
  /** The brand shown on pages and in unfurls (`og:site_name`, oEmbed `provider_name`). Default `Vitrine`. */
  siteName?: string | undefined;
  /**
   * The hydration script (`dist/vitrine-hydrate.js` of the package, served
   * from your origin or a CDN). With it, the server-rendered elements hydrate
   * in place (cart, favourites, share); without it, pages are script-free.
   */
  script?: string | undefined;
  /** Locale when neither `?locale=` nor `Accept-Language` names a shipped one. Default `en`. */
  defaultLocale?: Locale | undefined;
  /** Cards per page of `/@{handle}` (default 12, at most 50). */
  pageSize?: number | undefined;
}

/** What the share routes need. */
export interface ShareRouteDependencies {
  store: PlatformStore;
  now: () => number;
  basePath: string;
  share: ShareOptions;
  /** Rate of `GET /t/` look-ups per client. */
  tokenLimiter: RateLimiter;
}

/** Why a QR code does not carry attribution. */
export type QrNote = 'partner_forbids_offline' | 'no_safe_offer';

/** Where a card's QR code points, and whether a scan is attributed. */
export interface QrTarget {
  url: string;
  affiliated: boolean;
  /** The partner of the offer the code opens, if any. */
  partnerId?: string | undefined;
  note?: QrNote | undefined;
}

/**
 * A card's QR target: the `/go/` redirect of the best offer whose partner
 * allows offline affiliation, tagged `via=qr` (a scan is a click with trigger
 * `qr`); when the best offer's partner forbids it (`offlineAffiliation:
 * false`), that offer's plain product page, unattributed; the share page when
 * no offer can be linked.
 */
export function qrTarget(base: string, card: CardPayload): QrTarget {
  const offers = safeOffers(card);
  const best = offers.find(({ partner }) => partner.offlineAffiliation !== false);
  if (best) return { url: goUrl(base, card, best.offer, { trigger: 'qr' }), affiliated: true, partnerId: best.partner.id };
  const first = offers[0];
  if (first) return { url: safeUrl(first.offer.url)!, affiliated: false, partnerId: first.partner.id, note: 'partner_forbids_offline' };
  return { url: shareUrl(base, card.recommendation.id), affiliated: false, note: 'no_safe_offer' };
}

const NO_STORE = { 'Cache-Control': 'no-store' };
const PAGE_CACHE = { 'Cache-Control': 'public, max-age=60', Vary: 'Accept-Language' };

/** The share routes, matched before the v1 routes. */
export function shareRoutes({ store, now, basePath, share, tokenLimiter }: ShareRouteDependencies): Route<RequestContext>[] {
  const siteName = share.siteName ?? 'Vitrine';
  const render = share.render ?? plainCardHtml;
  const pageSize = Math.min(50, Math.max(1, share.pageSize ?? 12));
  const baseOf = (url: URL) => (share.publicUrl ?? `${url.origin}${basePath}`).replace(/\/+$/, '');
  const localeOf = (request: Request, url: URL) => negotiateLocale(url.searchParams.get('locale'), request.headers.get('accept-language'), share.defaultLocale ?? 'en');
  const scriptFor = (base: string): PageScript | undefined => (share.script ? { src: share.script, api: base } : undefined);
  const m = (locale: Locale, key: ShareMessageKey, params?: Record<string, string>) => escapeHtml(shareMessage(locale, key, params));

  async function cardById(id: string): Promise<CardPayload | undefined> {
    return (await store.cards([id]))[0];
  }

  async function page(status: number, parts: Omit<PageParts, 'origin'> & { base: string }, headers: Record<string, string>): Promise<Response> {
    const origin = new URL(parts.base).origin;
    const full = { ...parts, origin };
    return htmlResponse(status, pageHtml(full), full, headers);
  }

  /** A small page for errors (404, 429), in the reader's locale, never indexed. */
  function errorPage(status: number, base: string, locale: Locale, heading: ShareMessageKey, text: ShareMessageKey, extra = ''): Promise<Response> {
    const body = `<main class="page"><h1>${m(locale, heading)}</h1><p>${m(locale, text)}</p>${extra}${tokenForm(base, locale)}</main>`;
    return page(status, { base, locale, title: shareMessage(locale, heading), body, noindex: true }, NO_STORE);
  }

  function tokenForm(base: string, locale: Locale): string {
    return `<section aria-labelledby="code-title"><h2 id="code-title">${m(locale, 'codeTitle')}</h2>
<form action="${escapeHtml(`${base}/t`)}" method="get" role="search" aria-labelledby="code-title">
<label>${m(locale, 'codeLabel')}<input name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" aria-describedby="code-hint" required></label>
<button type="submit">${m(locale, 'codeSubmit')}</button>
</form>
<p class="hint" id="code-hint">${m(locale, 'codeHint')}</p></section>`;
  }

  function oembedLink(base: string, pageUrl: string): string {
    return `${base}/oembed?url=${encodeURIComponent(pageUrl)}&format=json`;
  }

  async function sharePage(request: Request, url: URL, card: CardPayload, embed: boolean): Promise<Response> {
    const base = baseOf(url);
    const locale = localeOf(request, url);
    const script = embed ? undefined : scriptFor(base);
    const pageUrl = shareUrl(base, card.recommendation.id);
    const { creator, product } = card;
    const rendered = await render(card, { locale, view: embed ? 'card' : 'sheet', redirect: base, headingLevel: 2, api: script?.api });
    const parts = {
      base,
      locale,
      title: shareTitle(card, locale),
      meta: unfurlTags(card, { url: pageUrl, locale, siteName }),
      canonical: pageUrl,
      oembed: oembedLink(base, pageUrl),
      cards: [card],
      script,
    };
    if (embed) {
      // Scripts never run in the embed's sandbox: the full reason and every shop are one link away.
      const details = `<a class="details" href="${escapeHtml(pageUrl)}" target="_blank">${m(locale, 'details', { title: product.title })}</a>`;
      return page(200, { ...parts, jsonLd: undefined, body: `<main class="page embed">${rendered}${details}</main>`, framing: 'any', noindex: true, cards: [] }, PAGE_CACHE);
    }
    const qr = qrTarget(base, card);
    const body = `<div class="page">
<header><p>${escapeHtml(siteName)}</p><h1>${m(locale, 'recommendedBy', { name: creator.name })}</h1></header>
<main>${rendered}</main>
<footer>
<p><a href="${escapeHtml(`${base}/@${creator.handle}`)}">${m(locale, 'moreFrom', { name: creator.name })}</a></p>
${qr.affiliated || qr.note === 'partner_forbids_offline' ? `<div class="qr"><img src="${escapeHtml(`${pageUrl}/qr.svg`)}" width="128" height="128" alt="${m(locale, 'qrAlt', { title: product.title })}"><p>${m(locale, 'qrTitle')}</p></div>` : ''}
${tokenForm(base, locale)}
<p class="hint">${m(locale, 'poweredBy', { site: siteName })}</p>
</footer>
</div>`;
    return page(200, { ...parts, jsonLd: cardJsonLd(card, { platformUrl: base, pageUrl }), body }, PAGE_CACHE);
  }

  async function bioPage(request: Request, url: URL, creator: Creator): Promise<Response> {
    const base = baseOf(url);
    const locale = localeOf(request, url);
    const embed = url.searchParams.get('view') === 'embed';
    const cursor = url.searchParams.get('cursor') || null;
    if (cursor !== null && cursor.length > 200) throw new PlatformProblem(400, 'invalid_input', 'Invalid cursor');
    const showcase = await store.showcase(creator.id, { cursor, limit: pageSize });
    if (!showcase) return errorPage(404, base, locale, 'notFoundTitle', 'notFound');
    const script = embed ? undefined : scriptFor(base);
    const pageUrl = `${base}/@${creator.handle}`;
    const items = await Promise.all(
      showcase.cards.map(async (card) => {
        const rendered = await render(card, { locale, view: 'card', redirect: base, headingLevel: 2, api: script?.api });
        const details = m(locale, 'details', { title: card.product.title });
        return `<li>${rendered}<a class="details" href="${escapeHtml(shareUrl(base, card.recommendation.id))}">${details}</a></li>`;
      }),
    );
    const disclosed = showcase.cards.some((card) => card.recommendation.disclosure !== 'none');
    const pageLink = (href: string, key: ShareMessageKey, rel: string) => `<a href="${escapeHtml(href)}" rel="${rel}">${m(locale, key)}</a>`;
    const nav = [
      cursor ? pageLink(pageUrl, 'first', 'first') : '',
      showcase.nextCursor ? pageLink(`${pageUrl}?cursor=${encodeURIComponent(showcase.nextCursor)}`, 'next', 'next') : '',
    ].filter(Boolean);
    const title = shareMessage(locale, 'showcaseOf', { name: creator.name });
    const body = `<div class="page${embed ? ' embed' : ''}">
<header><p>${escapeHtml(siteName)} · @${escapeHtml(creator.handle)}</p><h1>${escapeHtml(title)}</h1></header>
<main>
${disclosed ? `<p class="note">${m(locale, 'commissionNote', { name: creator.name })}</p>` : ''}
${items.length ? `<ul class="cards">${items.join('\n')}</ul>` : `<p>${m(locale, 'empty')}</p>`}
${nav.length ? `<nav class="pages" aria-label="${escapeHtml(title)}">${nav.join('')}</nav>` : ''}
</main>
${embed ? '' : `<footer>${tokenForm(base, locale)}<p class="hint">${m(locale, 'poweredBy', { site: siteName })}</p></footer>`}
</div>`;
    const avatar = creator.avatar && safeUrl(creator.avatar.src);
    const meta = [
      { attribute: 'property', key: 'og:type', content: 'profile' },
      { attribute: 'property', key: 'og:title', content: title },
      { attribute: 'property', key: 'og:url', content: pageUrl },
      ...(avatar ? [{ attribute: 'property', key: 'og:image', content: avatar } as const] : []),
      { attribute: 'property', key: 'og:site_name', content: siteName },
      { attribute: 'name', key: 'twitter:card', content: 'summary' },
      { attribute: 'name', key: 'twitter:title', content: title },
    ] as const;
    return page(
      200,
      { base, locale, title, meta, canonical: pageUrl, oembed: oembedLink(base, pageUrl), body, cards: showcase.cards, script, framing: embed ? 'any' : 'none', noindex: embed || cursor !== null },
      PAGE_CACHE,
    );
  }

  /** `GET /go/` for one safe offer: the decorated partner link, with the click minted and recorded, unless the request is not a reader's. */
  async function follow(request: Request, url: URL, card: CardPayload, { offer, partner }: SafeOffer): Promise<Response> {
    const trigger: EventTrigger = url.searchParams.get('via') === 'qr' ? 'qr' : 'go';
    const headers = { ...NO_STORE, Vary: 'User-Agent, Sec-Purpose, Purpose', 'X-Robots-Tag': 'noindex' };
    const invalid = invalidTraffic(request.headers);
    // A prefetch is refused (not 2xx): the browser drops it and the real navigation comes back.
    if (invalid === 'speculative') {
      return new Response(shareMessage(localeOf(request, url), 'speculative'), { status: 503, headers: { ...headers, 'Retry-After': '0', 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const plain = safeUrl(offer.url)!;
    // Bots, HEAD requests (link checkers: nobody follows them), and scans of a
    // partner that pays nothing offline go to the shop unattributed.
    const unattributed = invalid === 'bot' || request.method === 'HEAD' || (trigger === 'qr' && partner.offlineAffiliation === false);
    if (unattributed) return new Response(null, { status: 302, headers: { ...headers, Location: plain } });
    const { id: recommendationId, creatorId } = card.recommendation;
    const offered = url.searchParams.get('click');
    let clickId = offered !== null && ClickId.safeParse(offered).success ? offered : createClickId();
    // A click id the browser minted is used once; a copied link gets its own.
    if (clickId === offered && (await store.touchesByClickIds([clickId])).length > 0) clickId = createClickId();
    const at = new Date(now()).toISOString();
    // Following the offer the card features in place of the creator's sold-out shop is a swap, as from the elements.
    const safe = safeOffers(card);
    const featured = featuredOffer(card, (candidate) => safe.some((entry) => entry.offer === candidate));
    const swappedFrom = featured.offer === offer ? featured.swappedFrom?.partnerId : undefined;
    await recordEvents(store, [{ id: createEventId(), type: 'click', at, recommendationId, creatorId, partnerId: partner.id, clickId, trigger, ...(swappedFrom ? { swappedFrom } : {}) }]);
    return new Response(null, { status: 302, headers: { ...headers, Location: decorateLink(offer.url, partner, { clickId, creatorId, recommendationId }) } });
  }

  return [
    // The share page and its embed view (what oEmbed consumers frame).
    ...([['/r/:recommendationId', false], ['/r/:recommendationId/embed', true]] as const).map(([path, embed]): Route<RequestContext> => ({
      path,
      access: 'public',
      methods: {
        async GET({ request, url, params }) {
          const card = await cardById(params.recommendationId!);
          if (!card) return errorPage(404, baseOf(url), localeOf(request, url), 'notFoundTitle', 'notFound');
          return sharePage(request, url, card, embed);
        },
      },
    })),
    {
      path: '/r/:recommendationId/qr.svg',
      access: 'public',
      methods: {
        async GET({ url, params }) {
          const card = await cardById(params.recommendationId!);
          if (!card) throw new PlatformProblem(404, 'not_found', `Unknown recommendation "${params.recommendationId}"`);
          const target = qrTarget(baseOf(url), card);
          return new Response(qrSvg(target.url, card.product.title), {
            headers: {
              'Content-Type': 'image/svg+xml',
              'Cache-Control': 'public, max-age=3600',
              'Content-Security-Policy': "default-src 'none'",
              'X-Content-Type-Options': 'nosniff',
              'Cross-Origin-Resource-Policy': 'cross-origin',
            },
          });
        },
      },
    },
    {
      path: '/go/:recommendationId',
      access: 'public',
      methods: {
        async GET({ request, url, params }) {
          const base = baseOf(url);
          const locale = localeOf(request, url);
          const card = await cardById(params.recommendationId!);
          if (!card) return errorPage(404, base, locale, 'notFoundTitle', 'notFound');
          const key = url.searchParams.get('offer');
          const offers = safeOffers(card);
          const chosen = key === null ? offers[0] : offers.find(({ offer }) => offer === offerByKey(card, key));
          if (!chosen) {
            const back = `<p><a href="${escapeHtml(shareUrl(base, card.recommendation.id))}">${m(locale, 'backToShare')}</a></p>`;
            return errorPage(404, base, locale, 'notFoundTitle', 'offerNotFound', back);
          }
          return follow(request, url, card, chosen);
        },
      },
    },
    {
      path: '/@:handle',
      access: 'public',
      methods: {
        async GET({ request, url, params }) {
          const creator = await store.creatorByHandle(params.handle!);
          if (!creator) return errorPage(404, baseOf(url), localeOf(request, url), 'notFoundTitle', 'notFound');
          return bioPage(request, url, creator);
        },
      },
    },
    {
      path: '/t',
      access: 'public',
      methods: {
        // The share pages' code box (a GET form): to the canonical /t/{token}.
        async GET({ request, url }) {
          const token = normalizeShareToken(url.searchParams.get('code') ?? '');
          if (!token) return errorPage(400, baseOf(url), localeOf(request, url), 'codeTitle', 'codeInvalid');
          return new Response(null, { status: 303, headers: { ...NO_STORE, Location: `${baseOf(url)}/t/${token}` } });
        },
      },
    },
    {
      path: '/t/:token',
      access: 'public',
      methods: {
        async GET({ request, url, params, context }) {
          const base = baseOf(url);
          const locale = localeOf(request, url);
          if (!tokenLimiter.take(context.clientAddress ?? 'unknown', 1).ok) return errorPage(429, base, locale, 'codeTitle', 'rateLimited');
          const token = normalizeShareToken(params.token!);
          const id = token ? await store.recommendationByShareToken(token) : null;
          if (!id) return errorPage(token ? 404 : 400, base, locale, 'codeTitle', token ? 'codeUnknown' : 'codeInvalid');
          return new Response(null, { status: 302, headers: { ...NO_STORE, Location: shareUrl(base, id) } });
        },
      },
    },
    {
      path: '/v1/cards/:recommendationId/share',
      access: 'public',
      methods: {
        // Idempotent: a recommendation's token is created on the first call and never changes.
        async GET({ request, url, params }) {
          const id = checkId(params.recommendationId!, 'recommendationId');
          const card = await cardById(id);
          const token = card ? await store.shareToken(id, createShareToken()) : null;
          if (!card || !token) throw new PlatformProblem(404, 'not_found', `Unknown recommendation "${id}"`);
          const base = baseOf(url);
          const page = shareUrl(base, id);
          const qr = qrTarget(base, card);
          return json(
            200,
            {
              recommendationId: id,
              url: page,
              token,
              code: formatShareToken(token),
              tokenUrl: `${base}/t/${token}`,
              qr: { svg: `${page}/qr.svg`, ...qr },
              text: shareTitle(card, localeOf(request, url)),
            },
            { 'Cache-Control': 'public, max-age=300', Vary: 'Accept-Language' },
          );
        },
      },
    },
    {
      path: '/oembed',
      access: 'public',
      methods: {
        async GET({ request, url }) {
          return oembed(url, localeOf(request, url));
        },
      },
    },
  ];

  /** oEmbed 1.0 provider: `rich` with a sandboxed iframe of the embed view. */
  async function oembed(url: URL, locale: Locale): Promise<Response> {
    const format = url.searchParams.get('format');
    if (format !== null && format !== 'json') throw new PlatformProblem(501, 'not_implemented', 'Only format=json is provided');
    const base = baseOf(url);
    const target = parseOembedTarget(url.searchParams.get('url'), base);
    if (!target) throw new PlatformProblem(404, 'not_found', 'No embed for this URL');
    const maxWidth = positive(url.searchParams.get('maxwidth'));
    const maxHeight = positive(url.searchParams.get('maxheight'));
    const size = (width: number, height: number) => ({ width: Math.min(width, maxWidth ?? width), height: Math.min(height, maxHeight ?? height) });
    const frame = (src: string, title: string, width: number, height: number) =>
      `<iframe src="${escapeHtml(src)}" width="${width}" height="${height}" title="${escapeHtml(title)}" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" style="border:0;max-width:100%"></iframe>`;
    const common = { version: '1.0', type: 'rich', provider_name: siteName, provider_url: `${base}/`, cache_age: 3600 };
    if (target.kind === 'card') {
      const card = await cardById(target.id);
      if (!card) throw new PlatformProblem(404, 'not_found', `Unknown recommendation "${target.id}"`);
      const { width, height } = size(480, 400);
      const image = card.product.images.find((candidate) => safeUrl(candidate.src));
      const title = shareTitle(card, locale);
      return json(
        200,
        {
          ...common,
          title,
          author_name: card.creator.name,
          author_url: `${base}/@${card.creator.handle}`,
          html: frame(`${shareUrl(base, card.recommendation.id)}/embed`, title, width, height),
          width,
          height,
          ...(image ? { thumbnail_url: safeUrl(image.src), thumbnail_width: image.width, thumbnail_height: image.height } : {}),
        },
        { 'Cache-Control': 'public, max-age=3600', Vary: 'Accept-Language' },
      );
    }
    const creator = await store.creatorByHandle(target.handle);
    if (!creator) throw new PlatformProblem(404, 'not_found', `Unknown creator "@${target.handle}"`);
    const { width, height } = size(640, 720);
    const title = shareMessage(locale, 'showcaseOf', { name: creator.name });
    return json(
      200,
      { ...common, title, author_name: creator.name, author_url: `${base}/@${creator.handle}`, html: frame(`${base}/@${creator.handle}?view=embed`, title, width, height), width, height },
      { 'Cache-Control': 'public, max-age=3600', Vary: 'Accept-Language' },
    );
  }
}

function positive(value: string | null): number | undefined {
  return value !== null && /^\d{1,5}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

/** `{base}/r/{id}` or `{base}/@{handle}` (any query or hash); `null` for anything else. */
function parseOembedTarget(value: string | null, base: string): { kind: 'card'; id: string } | { kind: 'creator'; handle: string } | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const root = new URL(base);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname.replace(/\/?$/, '/'))) return null;
  const path = url.pathname.slice(root.pathname.replace(/\/$/, '').length);
  const card = /^\/r\/([\w.:-]{1,64})\/?$/.exec(path);
  if (card) return { kind: 'card', id: decodeURIComponent(card[1]!) };
  const creator = /^\/@([\w.-]{1,32})\/?$/.exec(path);
  return creator ? { kind: 'creator', handle: creator[1]! } : null;
}
