import * as z from 'zod/mini';
import { parseHttpsUrl } from '../internal/url.js';

/** An opaque identifier: 1–64 characters of `[A-Za-z0-9_.:-]`. */
export const Id = z.string().check(z.regex(/^[\w.:-]{1,64}$/, 'expected an id of 1–64 characters [A-Za-z0-9_.:-]'));
export type Id = z.infer<typeof Id>;

/**
 * An absolute `https:` URL, or `http:` on a loopback host (local development).
 * Anything else (javascript:, data:, http: on the network, relative, with
 * credentials) is rejected. Checked with the platform's own URL parser, the one
 * that will follow the link; elements still re-serialise it before writing it
 * into an attribute.
 */
export const HttpsUrl = z.string().check(
  z.maxLength(2048),
  z.refine((value) => parseHttpsUrl(value) !== undefined, 'expected an absolute https: URL without credentials (http: only on localhost)'),
);
export type HttpsUrl = z.infer<typeof HttpsUrl>;

/** An ISO 8601 date-time with a `Z` or `±hh:mm` offset, e.g. `2026-11-22T03:00:00Z`. */
export const Timestamp = z.string().check(
  z.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/, 'expected an ISO 8601 date-time with an offset'),
  z.refine((value) => !Number.isNaN(Date.parse(value)), 'expected a real date'),
);
export type Timestamp = z.infer<typeof Timestamp>;

/** Plain text bounded in length. It is always rendered as text, never as HTML. */
export const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/** An image: dimensions are required so that layout space can be reserved. */
export const Image = z.object({
  src: HttpsUrl,
  width: z.int().check(z.positive()),
  height: z.int().check(z.positive()),
  alt: z.string().check(z.maxLength(300)),
  /** Other renditions of the same image, for `srcset`. */
  sources: z.optional(
    z.array(z.object({ src: HttpsUrl, width: z.int().check(z.positive()) })).check(z.maxLength(8)),
  ),
});
export type Image = z.infer<typeof Image>;
