/** Locales Vitrine ships messages for. */
export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Maps any BCP 47 tag to a shipped locale: `zh`, `zh-Hans`, `zh-SG` → zh-CN;
 * `zh-Hant`, `zh-HK`, `zh-MO` → zh-TW; everything else → en. `undefined` reads
 * `navigator.language` when there is one.
 */
export function resolveLocale(tag?: string | null): Locale {
  const value = (tag ?? (typeof navigator === 'undefined' ? '' : navigator.language) ?? '').toLowerCase();
  if ((LOCALES as readonly string[]).includes(tag ?? '')) return tag as Locale;
  if (!value.startsWith('zh')) return 'en';
  return /^zh-(hant|tw|hk|mo)\b/.test(value) ? 'zh-TW' : 'zh-CN';
}
