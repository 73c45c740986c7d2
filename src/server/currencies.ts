/**
 * ISO 4217 currency codes as the runtime's Intl data (CLDR) knows them:
 * the currencies in use today (`Intl.supportedValuesOf('currency')`: 160-odd on
 * Node 24, no funds, metals, test or withdrawn codes such as `XXX`, `XTS`,
 * `XAU`, `DEM`). Zero bytes of data shipped, kept current with the engine.
 */

let known: ReadonlySet<string> | undefined;

/**
 * True when `code` is an ISO 4217 currency the runtime's Intl data lists as
 * current. On a runtime without `Intl.supportedValuesOf` (older than 2022),
 * any three capital letters pass: the check never refuses everything.
 */
export function isKnownCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  known ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : []);
  return known.size === 0 || known.has(code);
}
