import type { Money } from '../model/money.js';
import type { Locale } from './locales.js';

export { resolveLocale } from './locales.js';
import { MESSAGES, type MessageKey } from './messages.js';

/**
 * True when `tag` is a locale Vitrine has messages for: `zh-CN`, `zh-TW`, `en`,
 * or any well-formed `zh-*` / `en-*` BCP 47 tag (mapped to the nearest by
 * {@link resolveLocale}). Anything else falls back to English.
 */
export function isSupportedLocale(tag: string): boolean {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical !== undefined && /^(zh|en)(-|$)/i.test(canonical);
  } catch {
    return false;
  }
}

/**
 * Returns the message `key` in `locale`, with `{name}` placeholders replaced.
 * The result is plain text: render it as text, never as HTML.
 */
export function t(locale: Locale, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  const template = MESSAGES[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(locale: Locale, currency: string): Intl.NumberFormat {
  const id = `${locale}|${currency}`;
  let formatter = formatters.get(id);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(id, formatter);
  }
  return formatter;
}

/** How many minor-unit digits a currency has (CNY 2, JPY 0, KWD 3), from `Intl`. */
export function minorUnitDigits(currency: string): number {
  return currencyFormatter('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats integer minor units exactly (no float rounding, even beyond 2^53 / 100):
 * `{ amount: 1250, currency: 'CNY' }` → `¥12.50` in zh-CN, `CN¥12.50` in en.
 */
export function formatMoney(money: Money, locale: Locale): string {
  const digits = minorUnitDigits(money.currency);
  const negative = money.amount < 0;
  const units = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  const decimal = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  // Intl accepts decimal strings (ES2023), which keeps the digits exact.
  return currencyFormatter(locale, money.currency).format(`${negative ? '-' : ''}${decimal}` as Intl.StringNumericLiteral);
}

/** Formats an ISO timestamp as a medium date and short time in `locale`. */
export function formatDateTime(iso: string, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

/** Formats the day of a timestamp, short ("9月15日", "Sep 15"; the year only when it is not the current one). */
export function formatDay(iso: string, locale: Locale, now: number = Date.now()): string {
  const date = new Date(iso);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(date);
}

/** Formats a count compactly (12,345 → "1.2万" in zh-CN, "12K" in en). */
export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** Formats a ratio (0.0312) as a percentage ("3.1%"). */
export function formatPercent(ratio: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}
