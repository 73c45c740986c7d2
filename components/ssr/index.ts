/**
 * `vitrine/ssr`: cards for pages rendered on a server. `renderCardHtml` is
 * Lit SSR of the elements (declarative shadow DOM, hydratable); `cardJsonLd`
 * the schema.org markup of the same card; `cardSnippet` the embed snippet
 * with its fallback link. Server only; needs `@lit-labs/ssr` installed.
 * Browsers resolve `browser.ts` instead (no renderer).
 * @packageDocumentation
 */
export { renderCardHtml, type RenderCardOptions } from './render.js';
export { cardJsonLd, cardSnippet, fallbackText, jsonForScript, negotiateLocale, unfurlTags } from '../../src/share/index.js';
export type { CardJsonLdOptions, CardSnippetOptions, JsonLd, MetaTag, UnfurlOptions } from '../../src/share/index.js';
