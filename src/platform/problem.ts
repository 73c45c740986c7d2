/**
 * The one error a platform step throws to refuse a request: it carries the
 * HTTP status and the problem `code` the client gets (RFC 9457
 * `application/problem+json`). Domain steps throw it without knowing about
 * HTTP otherwise; the HTTP layer turns it into the response.
 */
import { VitrineError, type VitrineErrorCode } from '../errors.js';

/**
 * Why a conversion callback's money was refused (422): each has its own
 * problem `type`, `urn:vitrine:problem:<code>` (a stable identifier, not a link).
 */
export const MONEY_PROBLEMS = [
  /** `currency` is not an ISO 4217 code in use (`ZZZ`, `XXX`, a withdrawn currency). */
  'unknown_currency',
  /** A line `amount` or `refundedAmount` above `MAX_LINE_AMOUNT` minor units. */
  'amount_out_of_range',
  /** A line's `refundedAmount` above its `amount`. */
  'refund_exceeds_amount',
  /** A `refundedAmount` on a `placed` or `cancelled` callback: nothing was paid. */
  'refund_before_payment',
  /** A later callback with another `currency` than the order was placed in. */
  'currency_changed',
  /** A later callback whose lines differ from the order's (count, SKU, quantity, amount): amounts change only through `refundedAmount`. */
  'order_lines_changed',
] as const;
export type MoneyProblem = (typeof MONEY_PROBLEMS)[number];

/** Problem codes the v1 API answers with, beyond the SDK's error codes (`invalid_input`, `not_found`, …). */
export type ProblemCode =
  | VitrineErrorCode
  | MoneyProblem
  | 'unauthorized'
  | 'forbidden'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'idempotency_conflict'
  | 'idempotency_in_progress'
  | 'busy'
  | 'not_implemented'
  | 'internal';

/** The problem `type` of a code: `urn:vitrine:problem:<code>` for the money problems, else `about:blank`. */
export function problemType(code: ProblemCode): string {
  return (MONEY_PROBLEMS as readonly string[]).includes(code) ? `urn:vitrine:problem:${code}` : 'about:blank';
}

/** A request the platform refuses, answered as a problem with `status` and `problemCode`. */
export class PlatformProblem extends VitrineError {
  override name = 'PlatformProblem';
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The `code` member of the problem body. */
  readonly problemCode: ProblemCode;
  /** Extra response headers, e.g. `Retry-After` or `WWW-Authenticate`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, problemCode: ProblemCode, detail: string, headers: Record<string, string> = {}) {
    super(status === 404 ? 'not_found' : 'invalid_input', detail);
    this.status = status;
    this.problemCode = problemCode;
    this.headers = headers;
  }
}
