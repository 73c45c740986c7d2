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
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d\\d):(\\d\\d):(\\d\\d)';
/** RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d\\d) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d\\d)-${MONTH}-(\\d\\d) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** Milliseconds since the epoch of a UTC date, or `undefined` when the parts are not a real date. */
function utc(year: number, month: string, day: string, hours: string, minutes: string, seconds: string): number | undefined {
  const parts = [Number(day), Number(hours), Number(minutes), Number(seconds)] as const;
  const monthIndex = MONTHS.indexOf(month) / 3;
  const date = new Date(Date.UTC(year, monthIndex, ...parts));
  date.setUTCFullYear(year);
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === monthIndex &&
    date.getUTCDate() === parts[0] &&
    date.getUTCHours() === parts[1] &&
    date.getUTCMinutes() === parts[2] &&
    date.getUTCSeconds() === parts[3];
  return same ? date.getTime() : undefined;
}

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7) to epoch milliseconds; `undefined`
 * for anything else. RFC 850's two-digit year is the latest century not more
 * than 50 years ahead of `now`.
 */
export function parseHttpDate(value: string, now = Date.now()): number | undefined {
  let match = IMF_FIXDATE.exec(value);
  if (match) return utc(Number(match[3]), match[2]!, match[1]!, match[4]!, match[5]!, match[6]!);
  match = ASCTIME.exec(value);
  if (match) return utc(Number(match[6]), match[1]!, match[2]!.trim(), match[3]!, match[4]!, match[5]!);
  match = RFC_850.exec(value);
  if (match) {
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(match[3]);
    if (year > thisYear + 50) year -= 100;
    return utc(year, match[2]!, match[1]!, match[4]!, match[5]!, match[6]!);
  }
  return undefined;
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
    const date = parseHttpDate(retryAfter.trim(), now);
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
