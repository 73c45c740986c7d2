/**
 * Showcase cursors, written once for every store: the position after which the
 * next page starts (the last card's creation time and id, in the showcase's
 * order: newest first, ties by id descending), as opaque base64url JSON.
 */
import { ValidationError } from '../../errors.js';
import { fromBase64Url, toBase64Url } from '../../internal/ids.js';

/** Where a showcase page ends. */
export interface ShowcasePosition {
  /**
   * The recommendation's creation time, ISO 8601 with `Z` or an offset and up
   * to microseconds (an SQL store keeps its exact stored value).
   */
  createdAt: string;
  id: string;
}

/** ISO 8601 date-time as stores write it: seconds required, up to 6 fraction digits, `Z` or `±hh:mm`. */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$/;

/** The `nextCursor` for a page ending at `position`. */
export function encodeShowcaseCursor(position: ShowcasePosition): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify([position.createdAt, position.id])));
}

/**
 * The position of a cursor made by {@link encodeShowcaseCursor}. Anything else
 * (not base64url JSON, another shape, a time that is not ISO 8601) throws a
 * `ValidationError` with code `invalid_input`, which the API answers with 400.
 */
export function decodeShowcaseCursor(cursor: string): ShowcasePosition {
  const bytes = fromBase64Url(cursor);
  try {
    const value = bytes && (JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown);
    if (Array.isArray(value) && value.length === 2) {
      const [createdAt, id] = value as unknown[];
      if (typeof createdAt === 'string' && typeof id === 'string' && TIMESTAMP.test(createdAt) && !Number.isNaN(Date.parse(createdAt))) {
        return { createdAt, id };
      }
    }
  } catch {
    // reported below
  }
  throw new ValidationError('cursor', [{ message: 'invalid cursor' }], 'invalid_input');
}

/**
 * The showcase order as a comparator: newest first, then by id descending
 * (byte-wise, as SQL's `collate "C"`). Negative when `a` comes before `b`.
 * Times compare at millisecond precision.
 */
export function newestFirst(a: ShowcasePosition, b: ShowcasePosition): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
