export { LOCALES, MESSAGES, type Locale, type MessageKey, type Messages } from './messages.js';
export { formatCount, formatDateTime, formatMoney, formatPercent, minorUnitDigits, resolveLocale, t } from './format.js';
