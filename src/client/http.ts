import type * as z from 'zod/mini';
import { HttpError, isVitrineError, RequestError, ResponseTooLargeError, ValidationError, type ProblemDetails } from '../errors.js';
import { readTextWithin } from '../internal/body.js';
import { lazy } from '../internal/lazy.js';
import { sleep as defaultSleep } from '../internal/sleep.js';
import { parse } from '../validate.js';

/*
 * The one HTTP layer behind every resource: fetch with a per-attempt timeout,
 * retries with backoff for GETs only, and every failure mapped to a
 * VitrineError. Written on fetch rather than ky: ky 2 weighs 8.9 KB gzip, more
 * than this SDK's whole core budget, for the handful of features used here.
 */

export interface HttpOptions {
  /** Base URL of the platform API, e.g. `https://api.vitrine.example`. */
  api: string;
  fetch?: typeof fetch | undefined;
  /** Per-attempt timeout in ms. */
  timeout: number;
  /** Retries for idempotent requests (GET); POSTs are never retried here. */
  retry: number;
  /** Largest response body read, in bytes; a larger one fails with `response_too_large`. Default {@link MAX_RESPONSE_BYTES}. */
  maxResponseBytes?: number | undefined;
  /** Waits between retries (tests inject a fake). Default: `setTimeout`. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** Per-call options every resource method accepts. */
export interface CallOptions {
  /** Aborts the request; the promise rejects with code `aborted`. */
  signal?: AbortSignal | undefined;
  /**
   * List responses (showcase pages, order lookups, the partner registry) are
   * validated item by item: a malformed item is dropped, the others are
   * returned. Each dropped item's `ValidationError` (code `invalid_response`)
   * goes here; default: the client's `onError`.
   */
  onInvalidItem?: ((error: ValidationError) => void) | undefined;
}

/**
 * The default cap on a response body: 2 MiB. The largest answer of the v1 API,
 * a full batch of cards (MAX_CARDS_PER_REQUEST, 100), is typically well under 400 KB.
 */
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
/** Error bodies (problem+json) are read up to this size; larger ones are ignored. */
const MAX_PROBLEM_BYTES = 64 * 1024;

export interface RequestOptions extends CallOptions {
  json?: unknown;
  headers?: Record<string, string> | undefined;
}

export interface Http {
  /** Sends a request and validates the JSON response with `schema`. */
  json<S extends z.ZodMiniType>(method: 'get' | 'post', path: string, schema: S, options?: RequestOptions): Promise<z.infer<S>>;
}

/** Statuses worth retrying for an idempotent request. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Backoff: 300 ms × 2^retry with full jitter, at most 3 s; a server asking for longer is not retried. */
const BACKOFF = { baseMs: 300, maxMs: 3000 } as const;
/** Retry timing (Retry-After, rate-limit headers, backoff) is loaded on the first retry: most pages never need it. */
const retryTiming = lazy('retry timing', () => import('../internal/retry.js'));
/** The retry-timing module, or undefined when it cannot be loaded (offline): then the failure surfaces as it is. */
const timing = () => retryTiming().catch(() => undefined);

export function createHttp(options: HttpOptions): Http {
  const base = options.api.replace(/\/+$/, '');
  const sleep = options.sleep ?? defaultSleep;
  const limit = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;

  /**
   * One attempt: fetch, then `settle` the response (read its body), all under
   * the per-attempt timeout and the caller's signal, so a body that trickles
   * in forever times out too. Failures before a response become `RequestError`s.
   */
  async function attempt<T>(request: Request, signal: AbortSignal | undefined, settle: (response: Response, signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeout);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await settle(await (options.fetch ?? fetch)(request, { signal: controller.signal }), controller.signal);
    } catch (error) {
      if (signal?.aborted) throw new RequestError('aborted', `${request.method} ${request.url} was aborted`, request, { cause: error });
      if (timedOut) throw new RequestError('timeout', `${request.method} ${request.url} timed out after ${options.timeout} ms`, request, { cause: error });
      if (isVitrineError(error)) throw error;
      throw new RequestError('network', `${request.method} ${request.url} failed: network error`, request, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    async json(method, path, schema, requestOptions = {}) {
      const { json, headers, signal } = requestOptions;
      const source = `${method.toUpperCase()} /${path.split('?')[0]}`;
      const init: RequestInit = { method: method.toUpperCase(), credentials: 'omit', headers: { accept: 'application/json', ...headers } };
      if (json !== undefined) {
        init.body = JSON.stringify(json);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
      const retries = method === 'get' ? options.retry : 0;
      for (let retry = 0; ; retry++) {
        const request = new Request(`${base}/${path}`, init);
        let outcome: { data: unknown } | { wait: number };
        try {
          outcome = await attempt(request, signal, async (response, attemptSignal) => {
            if (response.ok) return { data: await readJson(request, response, source, limit, attemptSignal) };
            const retryable = retry < retries && RETRY_STATUSES.has(response.status) ? await timing() : undefined;
            // A server asking to wait longer than the backoff cap is not hammered: the error surfaces.
            const hint = retryable?.retryAfterMs(response.headers);
            if (retryable && !(hint !== undefined && hint > BACKOFF.maxMs)) {
              await response.body?.cancel();
              return { wait: retryable.retryDelayMs(retry, response.headers, BACKOFF) };
            }
            throw new HttpError(request, response, await readProblem(response));
          });
        } catch (error) {
          const retryable = retry < retries && isVitrineError(error, 'network') ? await timing() : undefined;
          if (retryable) {
            await sleep(retryable.retryDelayMs(retry, null, BACKOFF));
            continue;
          }
          throw error;
        }
        if ('data' in outcome) return parse(schema, outcome.data, source);
        await sleep(outcome.wait);
      }
    },
  };
}

async function readJson(request: Request, response: Response, source: string, limit: number, signal: AbortSignal): Promise<unknown> {
  const text = await readTextWithin(response, limit, signal);
  if (text === undefined) throw new ResponseTooLargeError(request, response, limit);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(source, [{ message: `the response body is not valid JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
}

/** The RFC 9457 body of an error response, when there is one (and it is at most 64 KiB). */
async function readProblem(response: Response): Promise<ProblemDetails | undefined> {
  if (!/json/.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    const text = await readTextWithin(response.clone(), MAX_PROBLEM_BYTES);
    const body: unknown = text === undefined ? undefined : JSON.parse(text);
    return typeof body === 'object' && body !== null ? (body as ProblemDetails) : undefined;
  } catch {
    return undefined;
  }
}
