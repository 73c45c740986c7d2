/**
 * The messages of the script tag: the embed build puts this module in place of
 * `src/i18n/messages.ts` (which holds every locale), so that a page downloads
 * only the locales it shows. Each locale's table is a chunk of its own; the
 * loader adds it here before it defines the elements that speak it. `t()`
 * reads `MESSAGES` as it always does.
 */
import { LOCALES, type Locale } from '../../src/i18n/locales.js';
import type { MessageKey, Messages } from '../../src/i18n/messages.js';

export { LOCALES, type Locale, type MessageKey, type Messages };

const tables: Partial<Record<Locale, Messages>> = {};

/**
 * Every locale's messages, as far as they are loaded. A locale not loaded
 * yet reads as one that is (the loader re-renders the elements once it
 * arrives), never as nothing.
 */
export const MESSAGES = new Proxy(tables, {
  get: (loaded, locale) => loaded[locale as Locale] ?? Object.values(loaded)[0] ?? {},
}) as Readonly<Record<Locale, Messages>>;

/** Adds a locale's table (the loader, when its chunk has arrived). */
export function addMessages(locale: Locale, table: Messages): void {
  tables[locale] = table;
}

/** True once `locale`'s table is here. */
export function hasMessages(locale: Locale): boolean {
  return tables[locale] !== undefined;
}
