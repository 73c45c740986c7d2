/**
 * Conversion callbacks (partner → platform, `POST /v1/partner/conversions`):
 * the platform side parses and verifies them, the partner side builds and
 * sends them, signed per Standard Webhooks.
 */
import { RequestError, ValidationError, VitrineError } from '../errors.js';
import { Conversion } from '../model/conversion.js';
import { retryDelayMs } from '../internal/retry.js';
import { sleep } from '../internal/sleep.js';
import { parse } from '../validate.js';
import { moneyViolations } from './money-rules.js';
import { newMessageId, signHeaders, verify, type HeaderSource, type WebhookBody } from './webhooks.js';

/** Input of {@link parseConversion}. */
export interface ParseConversionInput {
  headers: HeaderSource;
  /** The RAW body as received (`await request.text()` or bytes) — never re-serialised JSON. */
  body: WebhookBody;
  /** The partner's secret, or several during a key rotation. */
  secret: string | readonly string[];
  /** Seconds (default 300). */
  toleranceSeconds?: number | undefined;
  /** Clock in milliseconds; defaults to `Date.now`. */
  now?: (() => number) | undefined;
}

/** A verified, validated conversion callback. Dedupe on `webhookId`; a message that changes nothing is recognised by the order's state. */
export interface ParsedConversion {
  webhookId: string;
  /** Unix seconds, from `webhook-timestamp`. */
  timestamp: number;
  conversion: Conversion;
}

/** Input of {@link createConversion}: a conversion without its constant `type`; `occurredAt` defaults to now. */
export type CreateConversionInput = Omit<Conversion, 'type' | 'occurredAt'> & {
  occurredAt?: string | undefined;
  /** Clock in milliseconds, for the default `occurredAt`; defaults to `Date.now`. */
  now?: (() => number) | undefined;
};

/** Input of {@link sendConversion}. */
export interface SendConversionInput {
  /** The platform's conversions endpoint, e.g. `https://api.example/v1/partner/conversions?partner=shop`. */
  url: string | URL;
  /** The partner's `whsec_` secret. */
  secret: string;
  conversion: Conversion;
  /**
   * The `webhook-id` of this message, identical on every retry so the receiver
   * dedupes. Pass a stable value (e.g. `${orderId}:${status}`) to stay
   * idempotent across process restarts too; defaults to a random `msg_` id.
   */
  idempotencyKey?: string | undefined;
  /** Retries after the first attempt, on network errors, 5xx and 429 (default 3). */
  retries?: number | undefined;
  /** First backoff delay in ms, doubled on every retry, at most 60 s (default 500). */
  backoffMs?: number | undefined;
  fetch?: typeof fetch | undefined;
  /** Waits between attempts; defaults to `setTimeout`. Inject for tests. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Clock in milliseconds, for the signature timestamp; defaults to `Date.now`. */
  now?: (() => number) | undefined;
}

const SOURCE = 'conversion callback';

/**
 * Verifies a conversion callback over its raw body, then parses and validates
 * it. Throws `WebhookVerificationError` (answer 401) before looking at the body,
 * then `ValidationError` code `invalid_input` for a body that is not UTF-8 JSON
 * or does not match the `Conversion` schema (answer 422).
 */
export async function parseConversion(input: ParseConversionInput): Promise<ParsedConversion> {
  const { id, timestamp } = await verify(input);
  let data: unknown;
  try {
    const text = typeof input.body === 'string' ? input.body : new TextDecoder('utf-8', { fatal: true }).decode(input.body);
    data = JSON.parse(text);
  } catch {
    throw new ValidationError(SOURCE, [{ message: 'body is not valid UTF-8 JSON' }], 'invalid_input');
  }
  return { webhookId: id, timestamp, conversion: parse(Conversion, data, SOURCE, 'invalid_input') };
}

/**
 * Builds a validated conversion body (partner side): fills in `type` and
 * `occurredAt` (now, unless given). Throws `ValidationError` code
 * `invalid_input` when it does not match the `Conversion` schema or breaks a
 * money rule the platform would refuse with 422 (`moneyViolations`: unknown
 * currency, amount out of range, refund above its line or before payment).
 */
export function createConversion(input: CreateConversionInput): Conversion {
  const { now, ...fields } = input;
  const occurredAt = input.occurredAt ?? new Date((now ?? Date.now)()).toISOString();
  const conversion = parse(Conversion, { ...fields, type: 'order.status', occurredAt }, 'createConversion', 'invalid_input');
  const violations = moneyViolations(conversion);
  if (violations.length > 0) throw new ValidationError('createConversion', violations.map(({ path, message }) => ({ path, message })), 'invalid_input');
  return conversion;
}

/**
 * Signs and POSTs a conversion callback (partner side) and returns the final
 * HTTP status. Network errors, 5xx and 429 are retried with exponential backoff
 * (honouring a longer `Retry-After`, in seconds or as an HTTP-date, or a
 * rate-limit reset header), always with the same
 * `webhook-id` and a fresh timestamp and signature; other statuses return at
 * once. Throws `ValidationError` (`invalid_input`) for an invalid conversion,
 * `VitrineError` `config` for bad options, and `RequestError` `network` when
 * the last attempt got no response.
 */
export async function sendConversion(input: SendConversionInput): Promise<number> {
  const conversion = parse(Conversion, input.conversion, 'sendConversion', 'invalid_input');
  const retries = input.retries ?? 3;
  const backoff = input.backoffMs ?? 500;
  if (!Number.isInteger(retries) || retries < 0 || !(backoff >= 0)) {
    throw new VitrineError('config', 'retries must be a whole number ≥ 0 and backoffMs a number ≥ 0');
  }
  const doFetch = input.fetch ?? fetch;
  const wait = input.sleep ?? sleep;
  const body = JSON.stringify(conversion);
  const id = input.idempotencyKey ?? newMessageId();

  for (let attempt = 0; ; attempt++) {
    const headers = await signHeaders({ body, secret: input.secret, id, now: input.now });
    let response: Response | undefined;
    let failure: unknown;
    try {
      response = await doFetch(input.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      response.body?.cancel().catch(() => {});
    } catch (error) {
      failure = error;
    }
    if (response && response.status !== 429 && response.status < 500) return response.status;
    if (attempt >= retries) {
      if (response) return response.status;
      throw new RequestError('network', `POST ${String(input.url)} failed after ${attempt + 1} attempts`, undefined, { cause: failure });
    }
    await wait(retryDelayMs(attempt, response?.headers, { baseMs: backoff, maxMs: 60_000, jitter: 'none', now: input.now?.() }));
  }
}
