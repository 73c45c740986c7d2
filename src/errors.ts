/**
 * The Vitrine error family. Every error the SDK throws or reports is a
 * `VitrineError` with a stable `code`; branch on `code` (or use the guards),
 * never on `message`.
 */

/** Every error code, stable across releases. */
export const ERROR_CODES = [
  /** Options passed to a Vitrine function are invalid. */
  'config',
  /** An argument is invalid (bad id, bad URL, bad quantity…). */
  'invalid_input',
  /** The platform answered with a non-2xx status. See `status` and `problem`. */
  'http',
  /** The request never got a response (offline, DNS, CORS, connection reset). */
  'network',
  /** No response within the configured timeout. */
  'timeout',
  /** The request was aborted by the caller. */
  'aborted',
  /** A response, stored value or callback body failed schema validation. */
  'invalid_response',
  /** The requested card, creator or order does not exist. */
  'not_found',
  /** A link is not https or its host is not allow-listed for its partner. */
  'unsafe_link',
  /** Analytics events were not sent because consent is missing or GPC is on. */
  'consent',
  /** Browser storage is unavailable or full; state is kept in memory. */
  'storage',
  /** A webhook signature is missing, malformed or does not match. */
  'invalid_signature',
  /** A webhook timestamp is outside the tolerance (too old or in the future). */
  'stale_timestamp',
  /** An order status change that the order state machine does not allow. */
  'invalid_transition',
  /** A response body is larger than the client's `maxResponseBytes`; it was not read further. */
  'response_too_large',
] as const;
export type VitrineErrorCode = (typeof ERROR_CODES)[number];

export interface VitrineErrorOptions {
  cause?: unknown;
}

/** Base class of every Vitrine error. */
export class VitrineError extends Error {
  override name = 'VitrineError';
  readonly code: VitrineErrorCode;

  constructor(code: VitrineErrorCode, message: string, options: VitrineErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
  }

  /** Lets guards recognise errors from another realm (iframe, second bundle). */
  get isVitrineError(): true {
    return true;
  }
}

/** A problem+json body, as far as the SDK relies on it. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  [key: string]: unknown;
}

/** The platform answered with a non-2xx status. */
export class HttpError extends VitrineError {
  override name = 'HttpError';
  readonly status: number;
  readonly request: Request;
  readonly response: Response;
  /** The RFC 9457 body, when the platform sent one. */
  readonly problem: ProblemDetails | undefined;

  constructor(request: Request, response: Response, problem?: ProblemDetails, options: VitrineErrorOptions = {}) {
    const what = problem?.detail ?? problem?.title ?? response.statusText;
    super(
      response.status === 404 ? 'not_found' : 'http',
      `${request.method} ${request.url} failed with ${response.status}${what ? `: ${what}` : ''}`,
      options,
    );
    this.status = response.status;
    this.request = request;
    this.response = response;
    this.problem = problem;
  }
}

/** The request failed before a response arrived, timed out, or was aborted. */
export class RequestError extends VitrineError {
  override name = 'RequestError';
  readonly request: Request | undefined;

  constructor(code: 'network' | 'timeout' | 'aborted', message: string, request?: Request, options: VitrineErrorOptions = {}) {
    super(code, message, options);
    this.request = request;
  }
}

/**
 * A response body exceeded the size cap (`maxResponseBytes`, 2 MiB by
 * default). The body was read no further than the cap (or not at all when
 * `Content-Length` announced more), so a hostile or broken server cannot make
 * the page buffer an unbounded payload. Not retried.
 */
export class ResponseTooLargeError extends VitrineError {
  override name = 'ResponseTooLargeError';
  readonly request: Request;
  readonly response: Response;
  /** The cap in bytes. */
  readonly limit: number;

  constructor(request: Request, response: Response, limit: number) {
    super('response_too_large', `${request.method} ${request.url}: the response body exceeds the ${limit}-byte limit`);
    this.request = request;
    this.response = response;
    this.limit = limit;
  }
}

/** One schema issue, as reported by zod (Standard Schema shape). */
export interface ValidationIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** Data that entered the SDK (response, storage, callback, attribute) failed validation. */
export class ValidationError extends VitrineError {
  override name = 'ValidationError';
  readonly issues: readonly ValidationIssue[];
  /** Where the data came from, e.g. `GET /v1/cards` or `localStorage vitrine:cart`. */
  readonly source: string;

  constructor(source: string, issues: readonly ValidationIssue[], code: 'invalid_response' | 'invalid_input' | 'config' = 'invalid_response') {
    super(code, `${source}: ${formatIssues(issues)}`);
    this.issues = issues;
    this.source = source;
  }
}

/** A link is not https or not on an allow-listed host of its partner. */
export class UnsafeLinkError extends VitrineError {
  override name = 'UnsafeLinkError';
  readonly url: string;
  readonly partnerId: string | undefined;

  constructor(url: string, reason: string, partnerId?: string) {
    super('unsafe_link', `Refusing link ${truncate(url, 120)}: ${reason}`);
    this.url = url;
    this.partnerId = partnerId;
  }
}

/** True for any Vitrine error, from this realm or another; optionally of one code. */
export function isVitrineError(error: unknown, code?: VitrineErrorCode): error is VitrineError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<VitrineError>;
  if (candidate.isVitrineError !== true || typeof candidate.code !== 'string') return false;
  return code === undefined || candidate.code === code;
}

/** True for an `HttpError` (including `not_found`), from this realm or another. */
export function isHttpError(error: unknown): error is HttpError {
  return isVitrineError(error) && error.name === 'HttpError';
}

/** True for a `ValidationError`, from this realm or another. */
export function isValidationError(error: unknown): error is ValidationError {
  return isVitrineError(error) && error.name === 'ValidationError';
}

/** Renders issues as `path.to.field: message; …` (at most five). */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => {
    const path = (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return shown.join('; ') + more;
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
