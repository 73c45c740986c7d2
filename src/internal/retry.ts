/**
 * Every retry-timing decision of the SDK in one place (internal): when a
 * server says to come back (`Retry-After` as delay-seconds or HTTP-date, and
 * the common rate-limit headers when it is absent) and how long to back off
 * when it says nothing. Used by the client's HTTP layer, the event queue and
 * the conversions sender, so the three agree.
 */

/** How a backoff is randomised: `full` = [0, d], `equal` = [d/2, d], `none` = d. */
export type Jitter = 'full' | 'equal' | 'none';

/** A rate-limit reset of this many seconds or more is an epoch time, not a delay (2001-09-09). */
const EPOCH_THRESHOLD_S = 1_000_000_000;
/** IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`): what `Date#toUTCString` writes and `Date.parse` must read back. */
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/;
/** The obsolete forms: RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`, UTC). */
const OBSOLETE_DATE = /^(?:[A-Z][a-z]{5,8}, \d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d:\d\d GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})$/;

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7) to epoch milliseconds; `undefined`
 * for anything else. An IMF-fixdate must be a real date (31 February, hour 25
 * or a wrong weekday are refused); the obsolete forms are read as the engine's
 * `Date.parse` reads them, in UTC.
 */
export function parseHttpDate(value: string): number | undefined {
  if (IMF_FIXDATE.test(value)) {
    const time = Date.parse(value);
    return new Date(time).toUTCString() === value ? time : undefined;
  }
  const time = OBSOLETE_DATE.test(value) ? Date.parse(/GMT$/.test(value) ? value : `${value} GMT`) : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

/** A header of whole seconds: the delay it asks for in ms, or `undefined` when it is not one. */
function seconds(value: string | null, epochAllowed: boolean, now: number): number | undefined {
  if (value === null || !/^\d{1,12}$/.test(value.trim())) return undefined;
  const number = Number(value.trim());
  return Math.max(0, epochAllowed && number >= EPOCH_THRESHOLD_S ? number * 1000 - now : number * 1000);
}

/**
 * How long the server asked the client to wait, in ms (never negative), or
 * `undefined` when it did not say. `Retry-After` (RFC 9110 §10.2.3,
 * delay-seconds or HTTP-date) wins when present, even when it cannot be parsed
 * (then the caller's own backoff applies). Without it, the rate-limit headers
 * are read: `RateLimit` (`t=` seconds, IETF draft), `RateLimit-Reset`
 * (seconds), `X-RateLimit-Retry-After` (seconds), `X-RateLimit-Reset` /
 * `X-Rate-Limit-Reset` (seconds, or an epoch time in seconds).
 *
 * Only meaningful on a response the caller would retry (429, 503, …): a
 * successful response's rate-limit headers are information, not a request to wait.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const delay = seconds(retryAfter, false, now);
    if (delay !== undefined) return delay;
    const date = parseHttpDate(retryAfter.trim());
    return date === undefined ? undefined : Math.max(0, date - now);
  }
  const structured = /(?:^|;)\s*t=(\d{1,12})\s*(?:;|,|$)/.exec(headers.get('ratelimit') ?? '');
  return (
    (structured ? Number(structured[1]) * 1000 : undefined) ??
    seconds(headers.get('ratelimit-reset'), false, now) ??
    seconds(headers.get('x-ratelimit-retry-after'), false, now) ??
    seconds(headers.get('x-ratelimit-reset') ?? headers.get('x-rate-limit-reset'), true, now)
  );
}

/** Options of {@link backoffMs} and {@link retryDelayMs}. */
export interface BackoffOptions {
  /** The first delay (attempt 0), doubled on every attempt. */
  baseMs: number;
  /** The longest delay. */
  maxMs: number;
  /** Default `full`. */
  jitter?: Jitter | undefined;
  /** Random number in [0, 1), for tests. Default `Math.random`. */
  random?: (() => number) | undefined;
}

/** Exponential backoff for `attempt` (0 = the first retry): `min(maxMs, baseMs × 2^attempt)`, jittered. */
export function backoffMs(attempt: number, options: BackoffOptions): number {
  const { baseMs, maxMs, jitter = 'full', random = Math.random } = options;
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return jitter === 'none' ? delay : jitter === 'equal' ? delay / 2 + (random() * delay) / 2 : random() * delay;
}

/**
 * The wait before retry `attempt` (0-based) after a response with `headers`:
 * the server's hint ({@link retryAfterMs}) is a lower bound on the backoff, so
 * the client never comes back sooner than asked nor sooner than its own
 * backoff; the result is capped at `maxMs`. A caller that must not retry when
 * the hint exceeds `maxMs` checks {@link retryAfterMs} itself.
 */
export function retryDelayMs(attempt: number, headers: Headers | null | undefined, options: BackoffOptions & { now?: number | undefined }): number {
  const hint = headers ? retryAfterMs(headers, options.now) : undefined;
  return Math.min(options.maxMs, Math.max(backoffMs(attempt, options), hint ?? 0));
}
