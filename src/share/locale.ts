import { resolveLocale } from '../i18n/format.js';
import { LOCALES, type Locale } from '../i18n/messages.js';

/**
 * The reader's locale for a page rendered on the server: `?locale=` when it is
 * a shipped locale, else the best match of `Accept-Language` (by `q` weight,
 * `zh-Hant`/`zh-TW`/`zh-HK` → `zh-TW`, other `zh` → `zh-CN`), else `fallback`.
 */
export function negotiateLocale(query: string | null, acceptLanguage: string | null, fallback: Locale = 'en'): Locale {
  if (query && (LOCALES as readonly string[]).includes(query)) return query as Locale;
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.q > 0 && /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/.test(range.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === 'en' || tag.startsWith('en-') || tag === 'zh' || tag.startsWith('zh-')) return resolveLocale(tag);
  }
  return fallback;
}
