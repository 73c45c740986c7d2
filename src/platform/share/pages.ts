/**
 * The HTML of the share pages around the server-rendered elements: the head
 * (unfurl tags first, oEmbed discovery, JSON-LD), the page chrome, and a
 * strict Content-Security-Policy computed from what the page holds (a hash per
 * inline style, the exact image origins, the script's origin).
 */
import type { Locale } from '../../i18n/messages.js';
import { toBase64 } from '../../internal/ids.js';
import { parseHttpsUrl } from '../../internal/url.js';
import type { CardPayload } from '../../model/recommendation.js';
import { escapeHtml, jsonForScript } from '../../share/html.js';
import type { MetaTag } from '../../share/meta.js';

/** Where the page's hydration script comes from, if any. */
export interface PageScript {
  /** URL of `vitrine-hydrate.js` (the script-tag embed with Lit's hydration support). */
  src: string;
  /** `data-api` of the script tag: the platform the hydrated elements talk to. */
  api: string;
}

/** What one page holds. */
export interface PageParts {
  locale: Locale;
  title: string;
  /** Unfurl tags, written first in the head. */
  meta?: readonly MetaTag[] | undefined;
  canonical?: string | undefined;
  /** `application/json+oembed` discovery URL. */
  oembed?: string | undefined;
  jsonLd?: unknown;
  /** Body HTML (already escaped / server-rendered). */
  body: string;
  /** Cards rendered in the body, for the hydration script's data island. */
  cards?: readonly CardPayload[] | undefined;
  script?: PageScript | undefined;
  /** Who may frame the page: `none` (default) or any origin (the oEmbed embed views). */
  framing?: 'none' | 'any' | undefined;
  /** `noindex` for pages that are not content (errors, the embed views). */
  noindex?: boolean | undefined;
  /** The platform's public origin (`form-action`, `connect-src`, QR images). */
  origin: string;
}

const PAGE_CSS = `
:root { color-scheme: light dark; font-family: system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif; line-height: 1.5; }
body { margin: 0; background: light-dark(#f6f5f3, #141414); color: light-dark(#1f1f1f, #f2f2f2); }
.page { box-sizing: border-box; max-width: 960px; margin: 0 auto; padding: 16px 12px 40px; display: grid; gap: 16px; min-width: 0; }
header p { margin: 0; font-size: .875rem; color: light-dark(#595959, #b0b0b0); }
h1 { margin: 0; font-size: 1.375rem; line-height: 1.3; overflow-wrap: anywhere; }
a { color: light-dark(#9a3412, #fdba74); }
.note { margin: 0; padding: 8px 12px; border-radius: 8px; background: light-dark(#fff7ed, #2a1d12); font-size: .9375rem; }
.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); }
.cards li { display: grid; gap: 6px; min-width: 0; }
.cards .details { font-size: .875rem; overflow-wrap: anywhere; }
nav.pages { display: flex; gap: 16px; flex-wrap: wrap; }
footer { display: grid; gap: 16px; border-top: 1px solid light-dark(#e4e4e7, #3f3f46); padding-top: 16px; font-size: .9375rem; }
footer form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
footer label { display: grid; gap: 4px; flex: 1 1 12rem; min-width: 0; }
footer input { font: inherit; min-height: 40px; padding: 0 10px; border-radius: 8px; border: 1px solid light-dark(#767676, #8a8a8a); background: light-dark(#fff, #1f1f1f); color: inherit; min-width: 0; }
footer button { font: inherit; min-height: 40px; padding: 0 16px; border-radius: 8px; border: 0; background: light-dark(#9a3412, #fdba74); color: light-dark(#fff, #1c1917); font-weight: 600; cursor: pointer; }
.qr { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.qr img { width: 128px; height: 128px; }
.hint { margin: 0; color: light-dark(#595959, #b0b0b0); font-size: .875rem; }
.embed { padding: 0; max-width: none; gap: 6px; }
.embed .details { font-size: .875rem; overflow-wrap: anywhere; }
body.embed { background: transparent; }
:focus-visible { outline: 2px solid light-dark(#1d4ed8, #93c5fd); outline-offset: 2px; }
`;

/** Base64 SHA-256 of `text` as UTF-8, for a CSP `'sha256-…'` source. */
async function sha256(text: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

/** The origins of every `src`/`srcset` URL in `html` (server-rendered, already checked URLs). */
function imageOrigins(html: string): string[] {
  const origins = new Set<string>();
  for (const match of html.matchAll(/\s(?:src|srcset)="([^"]+)"/g)) {
    for (const candidate of match[1]!.replace(/&amp;|&#38;/g, '&').split(',')) {
      const url = parseHttpsUrl(candidate.trim().split(/\s+/)[0]);
      if (url) origins.add(url.origin);
    }
  }
  return [...origins].sort();
}

/**
 * The Content-Security-Policy of a page: nothing by default; each inline
 * `<style>` (the page's and every shadow root's) by its hash; images from the
 * exact origins the page uses; the hydration script's origin only when there
 * is one; forms to the platform; framing as asked.
 */
export async function contentSecurityPolicy(html: string, parts: Pick<PageParts, 'script' | 'framing' | 'origin'>): Promise<string> {
  const styles = [...new Set([...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!))];
  const hashes = await Promise.all(styles.map(async (css) => `'sha256-${await sha256(css)}'`));
  const script = parts.script ? parseHttpsUrl(new URL(parts.script.src, parts.origin).href)?.origin : undefined;
  const api = parts.script ? parseHttpsUrl(parts.script.api)?.origin : undefined;
  return [
    "default-src 'none'",
    `img-src ${[...new Set([parts.origin, ...imageOrigins(html)])].join(' ')}`,
    `style-src ${hashes.join(' ') || "'none'"}`,
    `script-src ${script ?? "'none'"}`,
    `connect-src ${api ?? "'none'"}`,
    `form-action ${parts.origin}`,
    "base-uri 'none'",
    `frame-ancestors ${parts.framing === 'any' ? '*' : "'none'"}`,
  ].join('; ');
}

/** A whole page: `<head>` with the oEmbed link and the unfurl tags in its first bytes (some unfurlers read only 2 KB), then the body. */
export function pageHtml(parts: PageParts): string {
  const meta = (parts.meta ?? []).map((tag) => `<meta ${tag.attribute}="${escapeHtml(tag.key)}" content="${escapeHtml(tag.content)}">`).join('\n');
  const description = parts.meta?.find((tag) => tag.key === 'og:description')?.content;
  const head = [
    '<!doctype html>',
    `<html lang="${parts.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    parts.oembed ? `<link rel="alternate" type="application/json+oembed" href="${escapeHtml(parts.oembed)}" title="${escapeHtml(parts.title)}">` : '',
    parts.canonical ? `<link rel="canonical" href="${escapeHtml(parts.canonical)}">` : '',
    meta,
    description ? `<meta name="description" content="${escapeHtml(description)}">` : '',
    parts.noindex ? '<meta name="robots" content="noindex">' : '',
    `<style>${PAGE_CSS}</style>`,
    parts.jsonLd === undefined ? '' : `<script type="application/ld+json">${jsonForScript(parts.jsonLd)}</script>`,
    '</head>',
  ];
  const island = parts.script && parts.cards?.length ? `<script type="application/json" id="vitrine-cards">${jsonForScript(parts.cards)}</script>` : '';
  const script = parts.script ? `<script src="${escapeHtml(parts.script.src)}" data-api="${escapeHtml(parts.script.api)}" defer></script>` : '';
  return `${head.filter(Boolean).join('\n')}\n<body${parts.framing === 'any' ? ' class="embed"' : ''}>\n${parts.body}\n${island}${script}\n</body>\n</html>\n`;
}

/** An HTML response with the page's CSP and the usual hardening headers. */
export async function htmlResponse(status: number, html: string, parts: Pick<PageParts, 'script' | 'framing' | 'origin'>, headers: Record<string, string> = {}): Promise<Response> {
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': await contentSecurityPolicy(html, parts),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      ...(parts.framing === 'any' ? {} : { 'X-Frame-Options': 'DENY' }),
      ...headers,
    },
  });
}
