/**
 * `vitrine/ssr` as a browser bundle resolves it (the `browser` export
 * condition): the same exports, without `@lit-labs/ssr` (which patches Lit
 * for rendering outside a browser and must never reach a page). The markup
 * helpers work as on a server; `renderCardHtml` rejects with a `config` error.
 * @packageDocumentation
 */
import { VitrineError } from '../../src/errors.js';
import type { CardPayload } from '../../src/model/recommendation.js';
import type { RenderCardOptions } from './render.js';

export type { RenderCardOptions } from './render.js';
export { cardJsonLd, cardSnippet, fallbackText, jsonForScript, negotiateLocale, unfurlTags } from '../../src/share/index.js';
export type { CardJsonLdOptions, CardSnippetOptions, JsonLd, MetaTag, UnfurlOptions } from '../../src/share/index.js';

/** Server only: in a browser, render the elements themselves (`vitrine/components`). */
export async function renderCardHtml(_card: CardPayload, _options: RenderCardOptions): Promise<string> {
  throw new VitrineError('config', 'renderCardHtml runs on a server (Node, Deno, Bun): in a browser, use the elements of vitrine/components');
}
