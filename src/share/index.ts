/**
 * Cards where scripts do not run (internal room of the core, no DOM): the
 * share-page markup pieces that the platform, `vitrine/ssr` and the composer
 * share — JSON-LD, unfurl tags, the fallback snippet, locale negotiation, the
 * offers a page may link and the `/go/` redirect URLs.
 */
export { escapeHtml, jsonForScript } from './html.js';
export { cardJsonLd, decimalPrice, prosAndCons, type CardJsonLdOptions, type JsonLd } from './jsonld.js';
export { negotiateLocale } from './locale.js';
export { shareTitle, unfurlTags, type MetaTag, type UnfurlOptions } from './meta.js';
export { goUrl, offerByKey, offerKey, redirectLink, safeOffers, shareUrl, type GoUrlOptions, type SafeOffer } from './offers.js';
export { cardSnippet, fallbackText, type CardSnippetOptions } from './snippet.js';
