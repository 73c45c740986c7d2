/**
 * Where an event comes from (page and placement), without a schema: the client
 * and the card check placements with a regular expression, so that a card page
 * does not carry the event schemas (`Placement` in model/attribution.ts is the
 * same rule, for validation where data enters).
 */

/** Longest `page` (origin + path) an event may carry. */
export const MAX_PAGE_LENGTH = 512;

/** A placement name: 1–64 characters of `[A-Za-z0-9_.:-]`. */
export const PLACEMENT_PATTERN = /^[\w.:-]{1,64}$/;

/** Whether `value` is a valid placement (see {@link PLACEMENT_PATTERN}). */
export const isPlacement = (value: unknown): boolean => typeof value === 'string' && PLACEMENT_PATTERN.test(value);

/**
 * The page an event is sent from: `location`'s origin and path, never its query
 * or fragment (they may hold personal data), at most `MAX_PAGE_LENGTH`
 * characters; `undefined` outside an http(s) page.
 */
export function currentPage(place: { protocol: string; origin: string; pathname: string } | undefined = typeof location === 'undefined' ? undefined : location): string | undefined {
  if (!place || (place.protocol !== 'https:' && place.protocol !== 'http:')) return undefined;
  return (place.origin + place.pathname).slice(0, MAX_PAGE_LENGTH);
}
