export { LOCALES, MESSAGES, type Locale, type MessageKey, type Messages } from './messages.js';
export { formatCount, formatDateTime, formatDay, formatMoney, formatPercent, isSupportedLocale, minorUnitDigits, resolveLocale, t } from './format.js';
