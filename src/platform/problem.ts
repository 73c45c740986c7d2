/**
 * The one error a platform step throws to refuse a request: it carries the
 * HTTP status and the problem `code` the client gets (RFC 9457
 * `application/problem+json`). Domain steps throw it without knowing about
 * HTTP otherwise; the HTTP layer turns it into the response.
 */
import { VitrineError, type VitrineErrorCode } from '../errors.js';

/** Problem codes the v1 API answers with, beyond the SDK's error codes (`invalid_input`, `not_found`, …). */
export type ProblemCode =
  | VitrineErrorCode
  | 'unauthorized'
  | 'forbidden'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'idempotency_conflict'
  | 'idempotency_in_progress'
  | 'internal';

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
