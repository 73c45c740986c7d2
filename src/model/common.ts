import * as z from 'zod/mini';
import { parseHttpsUrl } from '../internal/url.js';

/*
 * Schema builders for every bounded value of the model. Two reasons, both about
 * what a page downloads:
 *
 * - zod/mini's `.check()` is a method call, which bundlers must assume has side
 *   effects: a module-level `z.string().check(…)` survived tree-shaking even
 *   when nothing used the schema (`import { createVitrine } from 'vitrine'`
 *   shipped the order, commission and conversion schemas). These builders are
 *   marked `@__NO_SIDE_EFFECTS__`, so an unused schema made of them is dropped.
 * - Every bound is one `refine` and every enumeration one `custom`: zod's
 *   specialised checks and types (`z.int()`, `z.regex`, `z.minLength`, `z.gte`,
 *   `z.enum`, `z.union`…) each bring their own implementation, and a page that
 *   parses cards paid for all of them (measured per schema by `npm run size`).
 */

/** `schema` with one check: `test` must hold, else the issue says `message`. */
// @__NO_SIDE_EFFECTS__
export function checked<S extends z.ZodMiniType>(schema: S, test: (value: z.output<S>) => boolean, message: string): S {
  return schema.check(z.refine(test, message));
}

/** A string matching `regex` (which must anchor both ends). */
// @__NO_SIDE_EFFECTS__
export function pattern(regex: RegExp, message: string): z.ZodMiniString {
  return checked(z.string(), (value) => regex.test(value), message);
}

/** A string of at most `max` characters (possibly empty). */
// @__NO_SIDE_EFFECTS__
export function upTo(max: number): z.ZodMiniString {
  return checked(z.string(), (value) => value.length <= max, `expected at most ${max} characters`);
}

/** A safe integer from `min` to `max` (inclusive). */
// @__NO_SIDE_EFFECTS__
export function int(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): z.ZodMiniNumber {
  return checked(
    z.number(),
    (value) => Number.isSafeInteger(value) && value >= min && value <= max,
    max === Number.MAX_SAFE_INTEGER ? (min === Number.MIN_SAFE_INTEGER ? 'expected an integer' : `expected an integer of at least ${min}`) : `expected an integer from ${min} to ${max}`,
  );
}

/** One of `values` (an `as const` list such as `STOCK_STATES`), typed as their union. */
// @__NO_SIDE_EFFECTS__
export function oneOf<const T extends readonly string[]>(values: T): z.ZodMiniCustom<T[number], T[number]> {
  return z.custom<T[number]>((value) => values.includes(value as string), `expected one of ${values.join(', ')}`);
}

/** An array of `min` to `max` items of `item`. */
// @__NO_SIDE_EFFECTS__
export function list<T extends z.ZodMiniType>(item: T, min = 0, max = Number.MAX_SAFE_INTEGER): z.ZodMiniArray<T> {
  return checked(z.array(item), (items) => items.length >= min && items.length <= max, `expected ${min} to ${max} items`);
}

/** An opaque identifier: 1–64 characters of `[A-Za-z0-9_.:-]`. */
export const Id = pattern(/^[\w.:-]{1,64}$/, 'expected an id of 1–64 characters [A-Za-z0-9_.:-]');
export type Id = z.infer<typeof Id>;

/**
 * An absolute `https:` URL, or `http:` on a loopback host (local development).
 * Anything else (javascript:, data:, http: on the network, relative, with
 * credentials) is rejected. Checked with the platform's own URL parser, the one
 * that will follow the link; elements still re-serialise it before writing it
 * into an attribute.
 */
export const HttpsUrl = checked(
  z.string(),
  (value) => value.length <= 2048 && parseHttpsUrl(value) !== undefined,
  'expected an absolute https: URL (at most 2048 characters) without credentials (http: only on localhost)',
);
export type HttpsUrl = z.infer<typeof HttpsUrl>;

/**
 * Whether a date-time's date and hour exist: JavaScript rolls 2026-02-30 over to
 * 2 March and reads hour 24 as the next day, where PostgreSQL rejects both (and
 * one such event would fail the whole group its request was stored with).
 */
function onTheCalendar(value: string): boolean {
  // A date that does not exist comes back from Date as another day of the month (or NaN).
  return value.slice(0, 4) > '0000' && new Date(`${value.slice(0, 10)}T00:00Z`).getUTCDate() === Number(value.slice(8, 10)) && value.slice(11, 13) < '24';
}

/** An ISO 8601 date-time with a `Z` or `±hh:mm` offset, e.g. `2026-11-22T03:00:00Z`. */
export const Timestamp = checked(
  z.string(),
  (value) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)) && onTheCalendar(value),
  'expected an ISO 8601 date-time with an offset, e.g. 2026-11-22T03:00:00Z',
);
export type Timestamp = z.infer<typeof Timestamp>;

/** Plain text bounded in length. It is always rendered as text, never as HTML. */
// @__NO_SIDE_EFFECTS__
export function text(max: number): z.ZodMiniString {
  return checked(z.string(), (value) => value.length > 0 && value.length <= max, `expected 1 to ${max} characters`);
}

/** An image: dimensions are required so that layout space can be reserved. */
export const Image = z.object({
  src: HttpsUrl,
  width: int(1),
  height: int(1),
  alt: upTo(300),
  /** Other renditions of the same image, for `srcset`. */
  sources: z.optional(list(z.object({ src: HttpsUrl, width: int(1) }), 0, 8)),
});
export type Image = z.infer<typeof Image>;
